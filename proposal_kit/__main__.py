from proposal_kit.cli import main

main(prog_name="proposal-kit")
