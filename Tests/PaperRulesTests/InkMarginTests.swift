import PaperAnalysis
import PaperFacts
import Testing
@testable import PaperRules

/// The margins rule as the real papers need it: boxes screen, ink decides, severity follows the
/// overflow, and one cause is one finding.
@Suite("margins judged by ink")
struct InkMarginTests {
    static let block = TextBlock(left: 55.44, top: 67.06, right: 541.44, bottom: 715.06)
    static let icml = try! TestParameters.of(ContentWithinCheck.self, """
        {"textBlock": {"left": 55.44, "top": 67.06, "right": 541.44, "bottom": 715.06}, "tolerance": 3,
         "allowedZones": ["runningHead", "lineNumbers"], "lastLineDepth": 5, "localOverflow": 10,
         "localSeverity": "warning", "geometryPages": 3, "geometryLines": 3}
        """)

    /// A big operator on the last line: poppler's box (from the font's bounding box) hangs 27 pt below.
    static func bigOperatorPage(inkBottom: Double?) -> PageFacts {
        var sum = ExampleFacts.word("∑", x: 138.3, y: 712, font: "CMEX10")
        sum.box = Box(x0: 138.3, y0: 704.8, x1: 143.8, y1: 742.0)
        sum.baseline = 733.8
        let line = TextLine(words: ExampleFacts.line("where the sum", x: 60, y: 715.06).words + [sum])
        var page = ExampleFacts.twoColumnPage(6, lines: 10, extra: [line])
        if let inkBottom {
            let regions = ContentWithinCheck.inkRegions(icml, in: ExampleFacts.context(ExampleFacts.document([page])))[6] ?? []
            page.ink = InkSample(regions: regions, marks: [Box(x0: 138.5, y0: 718.06, x1: 143.5, y1: inkBottom)],
                                 pixelsPerPoint: 4)
        }
        return page
    }

    @Test func theRegionsToRenderAreThePartsOfCrossingBoxesOutsideTheBlock() {
        let page = Self.bigOperatorPage(inkBottom: nil)
        let regions = ContentWithinCheck.inkRegions(Self.icml, in: ExampleFacts.context(ExampleFacts.document([page])))
        #expect(Array(regions.keys) == [6])
        let region = try? #require(regions[6]?.first)
        // Below the block grown by the tolerance, around the operator's box only.
        #expect(region?.y0 == 718.06)
        #expect((region?.x0 ?? 0) > 130 && (region?.x1 ?? 0) < 150)
    }

    @Test func aGlyphBoxBelowTheBlockIsNoOverflowWhenItsInkStaysWithinTheLastLineDepth() {
        let facts = ExampleFacts.document([Self.bigOperatorPage(inkBottom: 719.4)])
        #expect(ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(facts)).isEmpty)
        // Without a render (a page that cannot be rendered), boxes are measured at the line's
        // letter baseline, where the operator's line sits inside the block.
        let unrendered = ExampleFacts.document([Self.bigOperatorPage(inkBottom: nil)])
        #expect(ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(unrendered)).isEmpty)
    }

    @Test func inkBelowTheDepthIsAnOverflowGradedByHowFarItGoes() throws {
        let local = ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document([Self.bigOperatorPage(inkBottom: 726)])))
        let warning = try #require(local.first)
        #expect(warning.severity == .warning)
        #expect(warning.values["side"] == "bottom")
        #expect(warning.values["overflow"] == "5.94")
        let far = ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document([Self.bigOperatorPage(inkBottom: 735)])))
        #expect(far.first?.severity == nil, "past localOverflow the rule's own severity applies")
    }

    @Test func aBigOperatorsInkUnderItsShortBoxHangsLikeADescender() {
        // cmex10 in some PDFs: /Ascent 40 /Descent -600, so the sum's box sits above its ink.
        var sum = ExampleFacts.word("P", x: 200, y: 708, font: "CMEX10")
        sum.box = Box(x0: 200, y0: 701, x1: 210, y1: 707.4)
        let line = TextLine(words: ExampleFacts.line("where", x: 60, y: 715.06).words + [sum])
        var page = ExampleFacts.twoColumnPage(3, lines: 10, extra: [line])
        page.ink = InkSample(regions: [Box(x0: 0, y0: 718.06, x1: 612, y1: 792)],
                             marks: [Box(x0: 200.5, y0: 718.06, x1: 209.5, y1: 720.2)], pixelsPerPoint: 4)
        #expect(ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document([page]))).isEmpty)
        // The same ink away from any word of the last line is a drawing below the block.
        page.ink?.marks = [Box(x0: 380.5, y0: 722, x1: 389.5, y1: 726)]
        #expect(ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document([page]))).first?.values["what"] == "Graphics")
    }

    @Test func wordsThatNothingDrawsAreNoOverflow() {
        // A clipped figure: its text layer reaches into the left margin, the render shows no ink there.
        let clipped = ExampleFacts.line("hidden axis label text", x: 10, y: 300)
        var page = ExampleFacts.twoColumnPage(2, lines: 10, extra: [clipped])
        let regions = ContentWithinCheck.inkRegions(Self.icml, in: ExampleFacts.context(ExampleFacts.document([page])))[2] ?? []
        #expect(!regions.isEmpty)
        page.ink = InkSample(regions: regions, marks: [], pixelsPerPoint: 4)
        #expect(ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document([page]))).isEmpty)
    }

    @Test func theRuleOfAnEmptyRunningTitleIsAllowed() {
        var page = ExampleFacts.twoColumnPage(3, lines: 10)
        page.ink = InkSample(regions: [Box(x0: 0, y0: 0, x1: 612, y1: 64.06)],
                             marks: [Box(x0: 55.44, y0: 57.1, x1: 541.44, y1: 58.1)], pixelsPerPoint: 4)
        #expect(ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document([page]))).isEmpty)
        // Without the running-head zone the same rule is graphics in the top margin.
        var strict = Self.icml
        strict.allowedZones = []
        #expect(ContentWithinCheck.evaluate(strict, in: ExampleFacts.context(ExampleFacts.document([page]))).count == 1)
    }

    @Test func pageNumbersOnEveryPageAreOneFinding() throws {
        let pages = (1...6).map { number -> PageFacts in
            let folio = ExampleFacts.line("\(number)", x: 303, y: 752)
            var page = ExampleFacts.twoColumnPage(number, lines: 10, extra: [folio])
            page.ink = InkSample(regions: [folio.box.expanded(by: 1)], marks: [folio.box], pixelsPerPoint: 4)
            return page
        }
        let outcomes = ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document(pages)))
        let finding = try #require(outcomes.first)
        #expect(outcomes.count == 1)
        #expect(finding.variant == "pageNumbers")
        #expect(finding.values["pages"] == "1-6")
        #expect(finding.occurrences?.count == 6)
        #expect(finding.severity == nil, "page numbers 30 pt below the block are an error")
    }

    @Test func aTextBlockThatDoesNotFitIsOneFindingNotOnePerPage() throws {
        // An A4-like layout: four lines of each column below the ICML block on every page.
        let pages = (1...5).map { number -> PageFacts in
            var extra: [TextLine] = []
            for row in 1...4 {
                for column in [55.44, 307.44] {
                    extra.append(ExampleFacts.line("\(["alpha", "beta", "gamma", "delta", "epsilon"][number - 1]) row \(["one", "two", "three", "four"][row - 1]) text runs on", x: column, y: 715.06 + Double(row) * 12))
                }
            }
            return ExampleFacts.twoColumnPage(number, lines: 10, extra: extra)
        }
        let outcomes = ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document(pages)))
        let finding = try #require(outcomes.first)
        #expect(outcomes.count == 1)
        #expect(finding.variant == "geometry")
        #expect(finding.severity == nil)
        #expect(finding.values["side"] == "bottom")
        #expect(finding.values["pages"] == "1-5")
        #expect(finding.occurrences?.count == 40)
    }

    @Test func oneLocalOverflowStaysAWarningOnItsPage() throws {
        var words = ExampleFacts.line("an equation that runs wide", x: 400, y: 300).words
        words[words.count - 1].box.x1 = 547.2
        let wide = TextLine(words: words)
        var page = ExampleFacts.twoColumnPage(4, lines: 10, extra: [wide])
        let regions = ContentWithinCheck.inkRegions(Self.icml, in: ExampleFacts.context(ExampleFacts.document([page])))[4] ?? []
        page.ink = InkSample(regions: regions, marks: [Box(x0: 544.44, y0: 293, x1: 546.9, y1: 302)], pixelsPerPoint: 4)
        let outcomes = ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document([page])))
        let finding = try #require(outcomes.first)
        #expect(outcomes.count == 1)
        #expect(finding.variant == "main")
        #expect(finding.severity == .warning)
        #expect(finding.values["overflow"] == "5.46")
        #expect(finding.text == "wide")
    }

    @Test func theRunningHeadIsNeverQuotedAsTheOffender() throws {
        // A running head on every page; on page 2 a figure label pokes above the block beside it.
        let pages = (1...3).map { number -> PageFacts in
            let head = ExampleFacts.line("Calibrated Curriculum Sampling", x: 240, y: 54.11, size: 8.97, bold: true)
            var extra = [head]
            if number == 2 { extra.append(ExampleFacts.line("label", x: 100, y: 50)) }
            var page = ExampleFacts.twoColumnPage(number, lines: 10, extra: extra)
            if number == 2 {
                page.ink = InkSample(regions: [Box(x0: 90, y0: 40, x1: 130, y1: 64.06)],
                                     marks: [Box(x0: 100, y0: 43.5, x1: 110, y1: 52)], pixelsPerPoint: 4)
            }
            return page
        }
        let outcomes = ContentWithinCheck.evaluate(Self.icml, in: ExampleFacts.context(ExampleFacts.document(pages)))
        let finding = try #require(outcomes.first)
        #expect(outcomes.count == 1)
        #expect(finding.text == "label")
        #expect(finding.values["side"] == "top")
    }
}
