from proposal_kit.launch import main

main()
