import PaperAnalysis
import PaperFacts
import Testing
@testable import PaperRules

/// Outcomes and findings carry their measurements as numbers with units, beside the strings of `values`.
@Suite("typed findings")
struct TypedFindingTests {
    @Test func aWrongPageSizeCarriesBothSizes() throws {
        var pages = (1...2).map { ExampleFacts.twoColumnPage($0) }
        pages[1].width = 595.28; pages[1].height = 841.89
        let parameters = try TestParameters.of(PageSizeCheck.self, #"{"width": 612, "height": 792, "tolerance": 1.5}"#)
        let outcome = try #require(PageSizeCheck.evaluate(parameters, in: ExampleFacts.context(ExampleFacts.document(pages))).first)
        #expect(outcome.measuredSize == Dimensions(width: 595.28, height: 841.89))
        #expect(outcome.expectedSize == Dimensions(width: 612, height: 792))
        #expect(outcome.measured == nil && outcome.side == nil)
        #expect(outcome.values["measured"] == "595.28 x 841.89 pt", "values are unchanged")
    }

    @Test func aRuleCopiesTheMeasurementsIntoItsFinding() throws {
        let rule = try #require(try RuleSet.builtIn().profile("vdl2016")?.rule("page-size"))
        var page = ExampleFacts.twoColumnPage(1)
        page.width = 595.28
        page.height = 841.89
        let finding = try #require(rule.evaluate(in: ExampleFacts.context(ExampleFacts.document([page]))).first)
        #expect(finding.measuredSize == Dimensions(width: 595.28, height: 841.89))
        #expect(finding.expectedSize != nil)
    }

    @Test func contentOutsideCarriesItsOverflowToleranceAndSide() throws {
        let below = ExampleFacts.line("page 3", x: 300, y: 740)
        let parameters = try TestParameters.of(ContentWithinCheck.self, #"{"textBlock": {"left": 55.44, "top": 67.06, "right": 541.44, "bottom": 715.06}, "tolerance": 3}"#)
        let facts = ExampleFacts.document([ExampleFacts.twoColumnPage(1, lines: 10, extra: [below])])
        let outcome = try #require(ContentWithinCheck.evaluate(parameters, in: ExampleFacts.context(facts)).first)
        #expect(outcome.side == .bottom)
        #expect(outcome.values["side"] == "bottom")
        #expect(outcome.measured?.unit == .pt)
        #expect(abs((outcome.measured?.value ?? 0) - 24.94) < 0.005)
        #expect(outcome.expected == Quantity(3, .pt))
    }

    @Test func aLargeFileCarriesItsBytesAndTheLimit() {
        let big = ExampleFacts.document([ExampleFacts.twoColumnPage(1)], fileSize: 12_000_000)
        let outcome = FileSizeCheck.evaluate(.init(maxBytes: 10_000_000), in: ExampleFacts.context(big)).first
        #expect(outcome?.measured == Quantity(12_000_000, .bytes))
        #expect(outcome?.expected == Quantity(10_000_000, .bytes))
        #expect(outcome?.values["size"] == "12 MB")
    }

    @Test func severityHasOneOrder() {
        #expect(Severity.allCases.sorted() == [.info, .warning, .error])
        #expect(Severity.allCases.map(\.rank) == [0, 1, 2])
    }
}
