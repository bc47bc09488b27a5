#!/usr/bin/env bash
# Regenerate every fixture PDF in Fixtures/pdfs/ from Fixtures/src/.
#
# Needs (Debian/Ubuntu package names):
#   - pdflatex from TeX Live: texlive-latex-base, texlive-latex-recommended,
#     texlive-latex-extra, texlive-fonts-recommended, texlive-pictures (TikZ)
#   - python3 with matplotlib (pip install matplotlib) for the Type 3 figures
#     and numpy (a matplotlib dependency) for the RGBA PNG, and pikepdf
#     (pip install pikepdf) for the file_*/active_* fixtures
#   - qpdf (for encrypted.pdf), poppler-utils (pdftoppm, for scanned_page.pdf
#     and scan_with_stamp.pdf)
#   - coreutils (head, stat, mktemp)
#
# Output is deterministic for a given TeX Live / matplotlib / qpdf version:
# SOURCE_DATE_EPOCH + FORCE_SOURCE_DATE fix the dates, \pdftrailerid{} drops
# the trailer /ID, \pdfsuppressptexinfo drops the PTEX.* keys, and qpdf runs
# with --static-id/--static-aes-iv.  Rerunnable: it overwrites pdfs/*.pdf.
# CI does not run this; the PDFs are committed.  Usage: Fixtures/generate.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src="$here/src"
out="$here/pdfs"
mkdir -p "$out"

export SOURCE_DATE_EPOCH=1464739200      # 2016-06-01T00:00:00Z
export FORCE_SOURCE_DATE=1
export TZ=UTC LC_ALL=C
export TEXINPUTS="$src//:"

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT

# matplotlib figure with Type 3 fonts (pdf.fonttype = 3, the default)
python3 "$src/make_type3_figure.py" "$build/fig_type3.pdf"
# two more such figures, each with DejaVu Sans and DejaVu Serif
python3 "$src/make_type3_two_figures.py" "$build/fig_type3_a.pdf" "$build/fig_type3_b.pdf"
# an RGBA PNG whose right-hand strip is fully transparent
python3 "$src/make_softmask_image.py" "$build/softmask_heatmap.png"

# a uniform light grey JPEG that hidden_covered.tex draws over a line of text
python3 -c "from PIL import Image; Image.new('RGB', (64, 8), (200, 200, 200)).save('$build/grey_patch.jpg', quality=90)"

# Helper documents that fixtures include (built here, not copied to pdfs/):
# a 720 x 150bp strip of text for clipped_figure.tex.
for name in clipped_figure_log; do
  echo "== $name (helper)"
  ( cd "$build"
    pdflatex -interaction=nonstopmode -halt-on-error "$src/$name.tex" > "$name.stdout" 2>&1 \
      || { cat "$name.stdout" >&2; exit 1; } )
done

latex_fixtures=(
  icml_submission icml_camera_ready acknowledgements a4
  eleven_pages no_references_9pages
  type3_matplotlib nonembedded_font standard14_nonembedded
  margin_text margin_vector margin_vector_numbered margin_white_box
  body_9pt compressed_baselines one_column
  xss_markup german_paper
  last_line_math clipped_figure softmask_image empty_running_title
  references_top_page9 numbered_references smallcaps_references
  notice_split type3_two_figures line_numbers_both_sides
  run_in_acknowledgements side_by_side_headings page_numbers
  local_overflow head_band_figure
  identity_author_block identity_url_selfcite identity_funding identity_anonymous
  hidden_white hidden_injection hidden_tiny hidden_invisible hidden_offpage
  hidden_covered visible_white_on_dark
)

for name in "${latex_fixtures[@]}"; do
  echo "== $name"
  (
    cd "$build"
    # three runs: citations, then lineno's page/column references settle
    for run in 1 2 3; do
      if ! pdflatex -interaction=nonstopmode -halt-on-error \
             "$src/$name.tex" > "$name.stdout" 2>&1; then
        cat "$name.stdout" >&2
        echo "pdflatex failed for $name" >&2
        exit 1
      fi
    done
  )
  cp "$build/$name.pdf" "$out/$name.pdf"
done

# A scanned page: page 1 of the submission rendered to a JPEG (poppler-utils' pdftoppm) and
# placed as an image, with no text layer.
echo "== scanned_page"
(
  cd "$build"
  pdftoppm -jpeg -jpegopt quality=50 -r 72 -f 1 -l 1 -singlefile "$out/icml_submission.pdf" scan-1
  pdflatex -interaction=nonstopmode -halt-on-error "$src/scanned_page.tex" > scanned_page.stdout 2>&1 \
    || { cat scanned_page.stdout >&2; exit 1; }
)
cp "$build/scanned_page.pdf" "$out/scanned_page.pdf"

# An OCR'd scan: the same image with an invisible (3 Tr) text layer over it.
echo "== ocr_scan"
( cd "$build"
  pdflatex -interaction=nonstopmode -halt-on-error "$src/ocr_scan.tex" > ocr_scan.stdout 2>&1 \
    || { cat ocr_scan.stdout >&2; exit 1; } )
cp "$build/ocr_scan.pdf" "$out/ocr_scan.pdf"

# A 3-page scan with a text stamp: page 1 of the camera-ready paper rendered
# at 72 dpi to a page-sized JPEG, placed on every page, plus one line of text.
echo "== scan_with_stamp"
(
  cd "$build"
  pdftoppm -jpeg -jpegopt quality=50 -r 72 -f 1 -l 1 -singlefile "$out/icml_camera_ready.pdf" scanfull-1
  pdflatex -interaction=nonstopmode -halt-on-error "$src/scan_with_stamp.tex" > scan_with_stamp.stdout 2>&1 \
    || { cat scan_with_stamp.stdout >&2; exit 1; }
)
cp "$build/scan_with_stamp.pdf" "$out/scan_with_stamp.pdf"

# Password protected copy of the submission (user password "secret",
# AES-128, security handler R4).  --static-id/--static-aes-iv only make the
# output reproducible (AES-256 would need a random file key and could not be
# regenerated byte-for-byte).
echo "== encrypted"
qpdf --static-id --static-aes-iv \
     --encrypt secret papercheck-owner 128 --use-aes=y -- \
     "$out/icml_submission.pdf" "$out/encrypted.pdf"

# The submission cut after 30% of its bytes: no xref, no trailer, no catalog.
echo "== truncated"
size=$(stat -c %s "$out/icml_submission.pdf")
head -c $(( size * 30 / 100 )) "$out/icml_submission.pdf" > "$out/truncated.pdf"

# Objects that can name the authors or run something, added with pikepdf (pip install pikepdf)
# to the submission and the camera-ready paper; and an object stream that inflates to 48 MB.
echo "== file_*, active_*, objstm_bomb"
python3 "$src/make_file_objects.py" "$out"

# Not a PDF at all, and an empty file.
echo "== not_a_pdf, empty"
cp "$src/not_a_pdf.txt" "$out/not_a_pdf.pdf"
: > "$out/empty.pdf"

# Zip archives of some of these PDFs (Python's zipfile only), in Fixtures/archives.
echo "== archives"
python3 "$src/make_archives.py"

echo "done: $(ls "$out" | wc -l) files in $out"
