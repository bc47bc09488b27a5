import Foundation
import PaperCheck
@testable import PDFExtraction
import Testing

/// How pages are read: on several threads, and with the margins examined by plan or rendered first.
@Suite("extraction")
struct ExtractionTests {
    /// The ICML text block grown by the 3 pt tolerance: the region the margin probe looks outside of.
    static let region = Box(x0: 52.44, y0: 64.06, x1: 544.44, y1: 718.06)

    @Test("several threads read the same facts as one", arguments: [
        "icml_submission.pdf", "icml_camera_ready.pdf", "margin_vector_numbered.pdf", "margin_vector.pdf",
        "scanned_page.pdf", "eleven_pages.pdf", "type3_matplotlib.pdf",
    ])
    func threadsDoNotChangeTheFacts(fixture: String) throws {
        let path = CLITests.fixture(fixture)
        let inOrder = try DocumentExtractor.extract(
            path: path, options: ExtractionOptions(vectorInkProbeRegion: Self.region, threads: 1))
        let threaded = try DocumentExtractor.extract(
            path: path, options: ExtractionOptions(vectorInkProbeRegion: Self.region, threads: 3))
        #expect(threaded == inOrder)
    }

    @Test("a glyph drawn a billion points tall does not hide the page's other text")
    func hugeGlyphDoesNotHideTheText() throws {
        // Its block reaches past every corner a text selection starts from; before, the page read
        // as having no text, so the body, language and column rules were skipped.
        let content = """
            BT /F1 10 Tf 12 TL 72 700 Td (The first body line of an ordinary page of text.) Tj T*
            (A second body line, so that the page has ordinary text as well.) Tj ET
            BT /F1 100000000000000000000 Tf 570 400 Td (margin) Tj ET
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huge-glyph-\(UUID().uuidString).pdf")
        try Data(CLITests.onePagePDF(content: content).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let facts = try DocumentExtractor.extract(path: url.path, options: ExtractionOptions(vectorInkProbeRegion: Self.region))
        let text = facts.pages[0].lines.map(\.text).joined(separator: " ")
        #expect(text.contains("The first body line") && text.contains("A second body line"), "read: \(text)")
    }

    @Test("drawings between the line numbers and the text block are found on every page")
    func drawingsInTheFurnitureGap() throws {
        // Page 1 is read by plan (the line numbers leave a gap to render), the later pages render
        // their margins first because page 1 needed it.
        let rules = try RuleSet.builtIn()
        let profile = try #require(rules.profile("vdl2016"))
        for threads in [1, 2] {
            let report = PaperCheck.check(path: CLITests.fixture("margin_vector_numbered.pdf"), profile: profile,
                                          threads: threads)
            let margins = report.findings.filter { $0.check == ContentWithinCheck.name }
            #expect(margins.map(\.page) == [1, 2])
            #expect(margins.allSatisfy { $0.message.hasPrefix("Graphics") })
        }
    }

    @Test("the text read after a render is the text the text pass reads")
    func renderFirstKeepsTheText() throws {
        // icml_submission has line numbers, so its pages after the first render their margins first
        // and take the text layout the render collected.
        let path = CLITests.fixture("icml_submission.pdf")
        let document = try PopplerDocumentHandle(path: path, password: nil)
        let facts = try DocumentExtractor.extract(path: path, options: ExtractionOptions(vectorInkProbeRegion: Self.region))
        for index in 1..<document.pageCount {
            let page = try #require(document.page(at: index))
            #expect(PageTextReader.read(page).lines == facts.pages[index].lines)
        }
    }
}

/// Which margins a page's cheap facts send to the render.
@Suite("margin probe plan")
struct MarginProbePlanTests {
    static let region = ExtractionTests.region

    static func word(_ text: String, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Word {
        Word(text: text, box: Box(x0: x0, y0: y0, x1: x1, y1: y1), fontName: "NimbusRomNo9L-Regu", fontSize: 10,
             isBold: false, isItalic: false, color: .black, baseline: y0 + 0.78 * (y1 - y0))
    }

    static let body = [word("Body", 60, 100, 540, 110), word("last", 60, 706, 200, 718.5)]

    @Test("ink inside the region needs nothing")
    func inkInside() {
        let plan = MarginProbePlan(region: Self.region, ink: Box(x0: 60, y0: 100, x1: 540, y1: 718.5), words: Self.body)
        #expect(plan.sidesWithInkOutside.isEmpty)
        #expect(plan.sidesToRender(images: []).isEmpty)
    }

    @Test("ink further out than any word is unexplained until an image reaches it")
    func unexplainedInk() {
        let plan = MarginProbePlan(region: Self.region, ink: Box(x0: 30, y0: 100, x1: 540, y1: 718), words: Self.body)
        #expect(plan.unexplainedSides(images: []) == [.left])
        #expect(plan.sidesToRender(images: []) == [.left])
        let image = Box(x0: 30, y0: 300, x1: 200, y1: 400)
        #expect(plan.unexplainedSides(images: [image]).isEmpty)
        // The image is out of bounds itself: the side fails whatever else is there.
        #expect(plan.sidesToRender(images: [image]).isEmpty)
    }

    @Test("line numbers at the edge leave a gap to render, unless text is out of bounds there")
    func furnitureGap() {
        let numbers = [Self.word("001", 25, 150, 38, 158), Self.word("002", 25, 162, 38, 170)]
        let plan = MarginProbePlan(region: Self.region, ink: Box(x0: 25, y0: 100, x1: 540, y1: 718),
                                   words: Self.body + numbers)
        #expect(plan.unexplainedSides(images: []).isEmpty)
        #expect(plan.furnitureGapSides(images: []) == [.left])
        #expect(plan.sidesToRender(images: []) == [.left])

        let overflowing = Self.word("overflow", 40, 300, 120, 310)
        let failing = MarginProbePlan(region: Self.region, ink: Box(x0: 25, y0: 100, x1: 540, y1: 718),
                                      words: Self.body + numbers + [overflowing])
        #expect(failing.sidesToRender(images: []).isEmpty)
    }

    @Test("descenders of the last line below the region are explained by that line")
    func descendersAtTheBottom() {
        let plan = MarginProbePlan(region: Self.region, ink: Box(x0: 60, y0: 100, x1: 540, y1: 720.5),
                                   words: [Self.word("Body", 60, 100, 540, 110), Self.word("gyp", 60, 709, 90, 720.5)])
        #expect(plan.sidesWithInkOutside == [.bottom])
        #expect(plan.sidesToRender(images: []).isEmpty)
    }

    @Test("a page number below the text leaves a gap at the bottom")
    func pageNumberGap() {
        let plan = MarginProbePlan(region: Self.region, ink: Box(x0: 60, y0: 100, x1: 540, y1: 750),
                                   words: Self.body + [Self.word("7", 300, 740, 305, 750)])
        #expect(plan.sidesToRender(images: []) == [.bottom])
        #expect(MarginProbePlan.isFurniture("7") && MarginProbePlan.isFurniture("0123"))
        #expect(!MarginProbePlan.isFurniture("12345") && !MarginProbePlan.isFurniture("A1"))
    }

    @Test("an extent read from pixels may pass the ink by a pixel, and is judged as the boxes would be")
    func pixelExtentOvershoot() {
        // A running head whose box starts at 48.5 pt; its glyphs' antialiased fringe inks the pixel
        // row from 47 pt, which the boxes' 1 pt of slack alone would call unexplained ink.
        let words = Self.body + [Self.word("Head", 250, 48.5, 350, 56)]
        let ink = Box(x0: 60, y0: 47, x1: 540, y1: 718.5)
        #expect(MarginProbePlan(region: Self.region, ink: ink, words: words).sidesToRender(images: []) == [.top])
        #expect(MarginProbePlan(region: Self.region, ink: ink, words: words, inkOvershoot: 1).sidesToRender(images: []).isEmpty)
        // Ink a whole 2 pt further out than the head is unexplained either way.
        let further = Box(x0: 60, y0: 45.5, x1: 540, y1: 718.5)
        #expect(MarginProbePlan(region: Self.region, ink: further, words: words, inkOvershoot: 1).sidesToRender(images: []) == [.top])
    }

    @Test("page 1's text alone tells a line-numbered paper, which is read render-first")
    func renderFirstFromTheText() {
        let numbers = [Self.word("001", 25, 150, 38, 158), Self.word("002", 25, 162, 38, 170)]
        #expect(MarginProbePlan.suggestsRenderingFirst(words: Self.body + numbers, region: Self.region))
        #expect(!MarginProbePlan.suggestsRenderingFirst(words: Self.body, region: Self.region))
        // Text out of bounds on the numbered side: the side fails anyway, nothing to render for.
        let overflowing = Self.word("overflow", 40, 300, 120, 310)
        #expect(!MarginProbePlan.suggestsRenderingFirst(words: Self.body + numbers + [overflowing], region: Self.region))
    }
}

/// The fine ink render and how its pixels become marks.
@Suite("ink")
struct InkTests {
    @Test func inkIsGroupedWordByWordWithExactExtents() {
        // Two blobs 1 px apart join on a 4 px grid; a third, 12 px away, stays apart.
        var grid = InkGrid(columns: 40, rows: 10, cell: 4)
        for column in [2, 3, 5, 6] { grid.add(column: column, row: 4, darkest: 0) }
        grid.add(column: 20, row: 4, darkest: 100)
        let groups = grid.groups()
        #expect(groups.count == 2)
        #expect(groups.map(\.left) == [2, 20] && groups.map(\.right) == [6, 20])
        #expect(groups.map(\.pixels) == [4, 1] && groups.map(\.darkest) == [0, 100])
        // On a coarser grid all three are one group with the same exact extent.
        let coarse = grid.coarsened(by: 8).groups()
        #expect(coarse.count == 1 && coarse.first?.left == 2 && coarse.first?.right == 20 && coarse.first?.pixels == 5)
    }

    @Test func regionsInsideOthersAndTouchingMarksAreMerged() {
        let strip = Box(x0: 544, y0: 0, x1: 612, y1: 792)
        #expect(FineInkRenderer.distinct([Box(x0: 550, y0: 100, x1: 560, y1: 110), strip]) == [strip])
        let joined = FineInkRenderer.joined([Box(x0: 0, y0: 0, x1: 10, y1: 10), Box(x0: 10.2, y0: 0, x1: 20, y1: 10),
                                             Box(x0: 40, y0: 0, x1: 50, y1: 10)], within: 0.25)
        #expect(joined == [Box(x0: 0, y0: 0, x1: 20, y1: 10), Box(x0: 40, y0: 0, x1: 50, y1: 10)])
    }

    @Test func whiteOrTransparentPaintAndGlyphBoxesLeaveNoInkButDrawingsDo() throws {
        // margin_white_box: white rectangles at x 580..603 of page 2 (beyond its line numbers), and
        // below the block; softmask_image: an image whose part in the right margin is transparent.
        let white = try #require(try PopplerDocumentHandle(path: CLITests.fixture("margin_white_box.pdf"), password: nil).page(at: 1))
        let blank = try #require(FineInkRenderer.sample([Box(x0: 576, y0: 0, x1: 612, y1: 792)], of: white, width: 612, height: 792))
        #expect(blank.marks.isEmpty)
        let masked = try #require(try PopplerDocumentHandle(path: CLITests.fixture("softmask_image.pdf"), password: nil).page(at: 1))
        let clear = try #require(FineInkRenderer.sample([Box(x0: 544.44, y0: 67, x1: 612, y1: 715)], of: masked, width: 612, height: 792))
        #expect(clear.marks.isEmpty)
        // margin_vector: a TikZ drawing from x 30.84 on page 1.
        let drawn = try #require(try PopplerDocumentHandle(path: CLITests.fixture("margin_vector.pdf"), password: nil).page(at: 0))
        let sample = try #require(FineInkRenderer.sample([Box(x0: 0, y0: 0, x1: 52.44, y1: 792)], of: drawn, width: 612, height: 792))
        let leftmost = try #require(sample.marks.map(\.x0).min())
        #expect(abs(leftmost - 30.84) < 1)
        #expect(sample.pixelsPerPoint == 4)
    }
}
