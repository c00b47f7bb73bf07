#!/usr/bin/env bash
# Install what the PDF needs from Debian's packages when it is missing: LibreOffice (headless Writer),
# CJK fonts (Noto CJK for 宋体 and 黑体, Fandol from texlive-lang-chinese for 仿宋 and 楷体, AR PL UKai for rare
# characters in 楷 style, BabelStone Han for CJK Extension B to G, which no other package covers),
# poppler-utils for reading PDFs back, Chromium for screenshots of the HTML report, and LibreOffice Calc to
# recalculate the exported workbook in the tests.
# Installs only as root on a system with apt-get; otherwise it says what is missing and goes on.
set -u
# Several `make proposal` may start together in a shared folder: one of them checks and installs at a time.
exec 9>"${TMPDIR:-/tmp}/proposal-kit-system-deps.lock"
command -v flock >/dev/null 2>&1 && flock 9
missing=()
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# Calc: the tests recalculate the exported 附件2 workbook's formulas with it, as Excel would
[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
fonts=$(fc-list : family 2>/dev/null)
grep -q "Noto Sans CJK SC" <<<"$fonts" || missing+=(fonts-noto-cjk)
grep -q "AR PL UKai CN" <<<"$fonts" || missing+=(fonts-arphic-ukai)
grep -q "BabelStone Han" <<<"$fonts" || missing+=(fonts-babelstone-han)
[ -f /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf ] || missing+=(texlive-lang-chinese)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# rsvg-convert turns an applicant's SVG figure into a 300 dpi PNG
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "note: missing ${missing[*]} (install them as root with apt-get to get PDFs); the .docx is still built" >&2
fi
exit 0
