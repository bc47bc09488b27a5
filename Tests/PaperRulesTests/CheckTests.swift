import PaperAnalysis
import PaperFacts
import Testing
@testable import PaperRules

/// Each check kind with a passing and a failing example, built from facts in code.
@Suite("check kinds")
struct CheckTests {
    static let block = TextBlock(left: 55.44, top: 67.06, right: 541.44, bottom: 715.06)

    @Test func pageSizeReportsEachWrongSizeWithItsPages() throws {
        var pages = (1...4).map { ExampleFacts.twoColumnPage($0) }
        pages[1].width = 595.28; pages[1].height = 841.89
        pages[3].width = 595.28; pages[3].height = 841.89
        let parameters = try TestParameters.of(PageSizeCheck.self, #"{"width": 612, "height": 792, "tolerance": 1.5, "name": "US Letter"}"#)
        let outcomes = PageSizeCheck.evaluate(parameters, in: ExampleFacts.context(ExampleFacts.document(pages)))
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.pages == [2, 4])
        #expect(outcomes.first?.values["measured"] == "595.28 x 841.89 pt")
        let letter = PageSizeCheck.evaluate(parameters, in: ExampleFacts.context(ExampleFacts.document([ExampleFacts.twoColumnPage(1)])))
        #expect(letter.isEmpty)
    }

    @Test func marginsIgnoreDescendersOfTheLastLineButNotALineBelowIt() throws {
        let lastLine = ExampleFacts.line("gyp jq", x: 60, y: 715.06)
        let below = ExampleFacts.line("page 3", x: 300, y: 740)
        let parameters = try TestParameters.of(ContentWithinCheck.self, #"{"textBlock": {"left": 55.44, "top": 67.06, "right": 541.44, "bottom": 715.06}, "tolerance": 3}"#)
        let inside = ExampleFacts.document([ExampleFacts.twoColumnPage(1, lines: 10, extra: [lastLine])])
        #expect(ContentWithinCheck.evaluate(parameters, in: ExampleFacts.context(inside)).isEmpty)
        let outside = ExampleFacts.document([ExampleFacts.twoColumnPage(1, lines: 10, extra: [below])])
        let outcomes = ContentWithinCheck.evaluate(parameters, in: ExampleFacts.context(outside))
        #expect(outcomes.map { $0.values["side"] } == ["bottom"])
        #expect(outcomes.first?.text == "page 3")
        #expect(outcomes.first?.values["overflow"] == "24.94")
    }

    @Test func aSubscriptOfTheLastLineIsMeasuredAtItsLinesBaseline() throws {
        // icml14_bardenet page 4: "2 C" on the last baseline with a 7 pt subscript hanging below it.
        var script = ExampleFacts.word("θ,θ", x: 434, y: 718.7, size: 6.97)
        script.box = Box(x0: 434, y0: 713.85, x1: 444.7, y1: 720.04)
        let last = TextLine(words: ExampleFacts.line("2 C", x: 400, y: 717.2).words + [script])
        let parameters = try TestParameters.of(ContentWithinCheck.self, #"{"textBlock": {"left": 55.44, "top": 67.06, "right": 541.44, "bottom": 715.06}, "tolerance": 3}"#)
        let facts = ExampleFacts.document([ExampleFacts.twoColumnPage(1, lines: 10, extra: [last])])
        #expect(ContentWithinCheck.evaluate(parameters, in: ExampleFacts.context(facts)).isEmpty)
        // The same small text alone on a line below the block is outside it.
        let alone = TextLine(words: [ExampleFacts.word("note", x: 400, y: 725, size: 6.97)])
        let below = ExampleFacts.document([ExampleFacts.twoColumnPage(1, lines: 10, extra: [alone])])
        #expect(ContentWithinCheck.evaluate(parameters, in: ExampleFacts.context(below)).map { $0.values["side"] } == ["bottom"])
    }

    @Test func marginsCountTextWhateverItsColourAndVectorInkButAllowLineNumbers() throws {
        var white = ExampleFacts.line("hidden", x: 560, y: 300)
        white.words[0].color = RGBColor(red: 1, green: 1, blue: 1)
        var numbers: [TextLine] = []
        for index in 0..<20 { numbers.append(ExampleFacts.line(String(format: "%03d", index), x: 25, y: 77 + Double(index) * 12)) }
        var page = ExampleFacts.twoColumnPage(1, lines: 20, extra: [white] + numbers)
        page.vectorInkOutside = [Box(x0: 540, y0: 400, x1: 570, y1: 420)]
        let parameters = try TestParameters.of(ContentWithinCheck.self, #"{"textBlock": {"left": 55.44, "top": 67.06, "right": 541.44, "bottom": 715.06}, "tolerance": 3, "allowedZones": ["lineNumbers"]}"#)
        let outcomes = ContentWithinCheck.evaluate(parameters, in: ExampleFacts.context(ExampleFacts.document([page])))
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.values["side"] == "right")
        #expect(outcomes.first?.values["what"] == "Text, graphics")
        #expect(outcomes.first?.values["items"] == "2")
    }

    @Test func type3FontsAreNamedWithTheirPages() {
        let fonts = [FontFacts(name: "DejaVuSans", fullName: "DejaVuSans", type: .type3, isEmbedded: true, isSubset: false, pages: [3, 4]),
                     FontFacts(name: "NimbusRomNo9L-Regu", fullName: "ABCDEF+NimbusRomNo9L-Regu", type: .type1, isEmbedded: true, isSubset: true, pages: [1])]
        let outcomes = FontTypesCheck.evaluate(.init(forbidden: [.type3]),
                                               in: ExampleFacts.context(ExampleFacts.document([ExampleFacts.twoColumnPage(1)], fonts: fonts)))
        #expect(outcomes.map { $0.values["font"] } == ["DejaVuSans"])
        #expect(outcomes.first?.values["pages"] == "3-4")
    }

    @Test("standard-14 fonts and their aliases are recognised", arguments: [
        ("Times-Roman", true), ("TimesNewRomanPSMT", true), ("TimesNewRomanPS-BoldMT", true), ("Arial,Bold", true),
        ("ArialMT", true), ("CourierNew", true), ("Helvetica-Oblique", true), ("Symbol", true), ("ABCDEF+Courier", true),
        ("Times New Roman,Bold", true), ("Arial-BoldItalicMT", true),
        ("SimSun", false), ("NimbusRomNo9L-Regu", false), ("TrajanPro", false), ("Ryumin-Light-Identity-V", false),
        ("Helvetica-Light", false), ("Helvetica-Narrow", false), ("TimesTen-Roman", false), ("Times", false),
    ])
    func standard14(name: String, expected: Bool) {
        #expect(FontsEmbeddedCheck.isStandard14(name) == expected)
    }

    @Test func nonEmbeddedFontsAreErrorsExceptStandardOnes() {
        let fonts = [FontFacts(name: "Times-Roman", fullName: "Times-Roman", type: .type1, isEmbedded: false, isSubset: false, pages: [4]),
                     FontFacts(name: "SFTT1000", fullName: "SFTT1000", type: .type1, isEmbedded: false, isSubset: false, pages: [2])]
        let outcomes = FontsEmbeddedCheck.evaluate(.init(standard14Severity: .warning),
                                                   in: ExampleFacts.context(ExampleFacts.document([ExampleFacts.twoColumnPage(1)], fonts: fonts)))
        #expect(outcomes.map(\.severity) == [.warning, nil])
        #expect(outcomes.map(\.variant) == ["standard14", "main"])
    }

    @Test func bodyFontFamilySizeAndSpacing() throws {
        let parameters = try TestParameters.of(BodyFontCheck.self, #"""
            {"families": ["Times", "NimbusRomNo9L"], "familyName": "Times", "size": 9.96, "sizeTolerance": 0.3,
             "baselineStep": 11.955, "baselineTolerance": 0.5, "baselineSeverity": "warning"}
            """#)
        let good = ExampleFacts.document((1...2).map { ExampleFacts.twoColumnPage($0) })
        #expect(BodyFontCheck.evaluate(parameters, in: ExampleFacts.context(good)).isEmpty)
        let small = ExampleFacts.document((1...2).map { ExampleFacts.twoColumnPage($0, step: 10.8, size: 8.97) })
        #expect(BodyFontCheck.evaluate(parameters, in: ExampleFacts.context(small)).map(\.variant) == ["size", "compressed"])
        let helvetica = ExampleFacts.document((1...2).map { ExampleFacts.twoColumnPage($0, font: "Helvetica") })
        let outcomes = BodyFontCheck.evaluate(parameters, in: ExampleFacts.context(helvetica))
        #expect(outcomes.map(\.variant) == ["main"])
        #expect(outcomes.first?.values["font"] == "Helvetica")
    }

    @Test func columnsAndGutter() throws {
        let parameters = try TestParameters.of(ColumnsCheck.self, #"{"count": 2, "gutter": {"from": 289.44, "to": 307.44}, "tolerance": 3}"#)
        let two = ExampleFacts.document((1...2).map { ExampleFacts.twoColumnPage($0) })
        let context = ExampleFacts.context(two)
        #expect(context.analysis.columns?.count == 2)
        #expect(ColumnsCheck.evaluate(parameters, in: context).isEmpty)
        let wide = (0..<40).map { ExampleFacts.line("a long line of text that runs right across the whole width of the page and beyond it all the way to the far side", x: 72, y: 80 + Double($0) * 12) }
        let one = ExampleFacts.document([PageFacts(number: 1, width: 612, height: 792, lines: wide)])
        #expect(ColumnsCheck.evaluate(parameters, in: ExampleFacts.context(one)).first?.values["found"] == "1")
    }

    @Test func pageLimitFindsTheReferencesHeadingByTypography() throws {
        var pages = (1...10).map { ExampleFacts.twoColumnPage($0, lines: 20) }
        // "References" in running text on page 3 is not a heading; the bold 12 pt one on page 9 is.
        pages[2].lines.append(ExampleFacts.line("see the References below for more", x: 55.44, y: 500))
        pages[8].lines.append(ExampleFacts.line("References", x: 307.44, y: 400, size: 11.955, font: "NimbusRomNo9L-Medi", bold: true))
        let parameters = try TestParameters.of(PageCountCheck.self, #"{"maxBodyPages": 8, "maxTotalPages": 10, "maxTotalPagesWithoutBodyEnd": 8}"#)
        let outcomes = PageCountCheck.evaluate(parameters, in: ExampleFacts.context(ExampleFacts.document(pages)))
        #expect(outcomes.map(\.variant) == ["main"])
        #expect(outcomes.first?.values["bodyPages"] == "9")
        #expect(outcomes.first?.page == 9)
    }

    @Test func pageLimitWithoutAHeadingSaysSoOnceAndOnlyWhenItMatters() throws {
        let parameters = try TestParameters.of(PageCountCheck.self, #"{"maxBodyPages": 8, "maxTotalPages": 10, "maxTotalPagesWithoutBodyEnd": 8}"#)
        let nine = ExampleFacts.document((1...9).map { ExampleFacts.twoColumnPage($0, lines: 20) })
        let outcomes = PageCountCheck.evaluate(parameters, in: ExampleFacts.context(nine))
        #expect(outcomes.map(\.variant) == ["unbounded"], "the error already says no heading was found")
        let five = ExampleFacts.document((1...5).map { ExampleFacts.twoColumnPage($0, lines: 20) })
        #expect(PageCountCheck.evaluate(parameters, in: ExampleFacts.context(five)).isEmpty, "within the body limit anyway")
        // With a higher limit for papers without a heading, a paper between the two limits is warned about.
        var lenient = parameters
        lenient.maxTotalPagesWithoutBodyEnd = 10
        let warned = PageCountCheck.evaluate(lenient, in: ExampleFacts.context(nine))
        #expect(warned.map(\.variant) == ["noBodyEnd"])
        #expect(warned.first?.severity == .warning)
    }

    @Test func aNoticeHyphenatedAcrossALineOrWithItsSuperscriptElsewhereIsFound() throws {
        var page = ExampleFacts.twoColumnPage(1, lines: 20)
        page.lines.append(ExampleFacts.line("rd", x: 120, y: 640, size: 6))
        page.lines.append(ExampleFacts.line("*Equal contribution. Proceedings of the 33 International Con-", x: 55.44, y: 690, size: 8.97))
        page.lines.append(ExampleFacts.line("ference on Machine Learning, New York, NY, USA, 2016.", x: 55.44, y: 700, size: 8.97))
        let pattern = "Proceedings\\s+of\\s+the\\s+33\\s*(?:rd\\s*)?International\\s+Conference\\s+on\\s+Machine\\s+Learning"
        let notice = try TestParameters.of(TextPresentCheck.self, .object(["pattern": .string(pattern), "page": .number(1), "what": .string("the notice")]))
        #expect(TextPresentCheck.evaluate(notice, in: ExampleFacts.context(ExampleFacts.document([page]))).isEmpty)
        // A hyphen before a capital or between lines of a list is kept.
        var list = ExampleFacts.twoColumnPage(1, lines: 20)
        list.lines.append(ExampleFacts.line("state-of-the-", x: 55.44, y: 690))
        list.lines.append(ExampleFacts.line("Art", x: 55.44, y: 700))
        let art = try TestParameters.of(TextPresentCheck.self, #"{"pattern": "state-of-the-Art", "page": 1}"#)
        #expect(TextPresentCheck.evaluate(art, in: ExampleFacts.context(ExampleFacts.document([list]))).count == 1)
    }

    @Test func everyType3FontProgramIsItsOwnFindingToldApartByItsOrder() {
        func type3(_ name: String, _ pages: [Int]) -> FontFacts {
            FontFacts(name: name, fullName: name, type: .type3, isEmbedded: true, isSubset: false, pages: pages)
        }
        let fonts = [type3(FontFacts.unnamed, [5]), type3(FontFacts.unnamed, [5]), type3(FontFacts.unnamed, [6]),
                     type3("DejaVuSans", [2]), type3("DejaVuSans", [3, 4])]
        let outcomes = FontTypesCheck.evaluate(.init(forbidden: [.type3]),
                                               in: ExampleFacts.context(ExampleFacts.document([ExampleFacts.twoColumnPage(1)], fonts: fonts)))
        #expect(outcomes.map { $0.values["font"] } == ["unnamed font (1 of 2 first used on page 5)",
                                                       "unnamed font (2 of 2 first used on page 5)",
                                                       "an unnamed font first used on page 6", "DejaVuSans", "DejaVuSans"])
        #expect(outcomes.map { $0.values["pages"] } == ["5", "5", "6", "2", "3-4"])
    }

    @Test func hintsFollowTheToolThatMadeThePDF() throws {
        let rules = try RuleSet.builtIn()
        let rule = try #require(rules.profile("vdl2016")?.rule("page-size"))
        var page = ExampleFacts.twoColumnPage(1)
        page.width = 595.28
        page.height = 841.89
        func hint(creator: String?, producer: String?) -> String? {
            var facts = ExampleFacts.document([page])
            facts.metadata.creator = creator
            facts.metadata.producer = producer
            return rule.evaluate(in: ExampleFacts.context(facts)).first?.hint
        }
        #expect(hint(creator: "Microsoft® Word 2016", producer: "Microsoft® Word 2016")?.contains("Layout > Size") == true)
        #expect(hint(creator: "LaTeX with hyperref package", producer: "pdfTeX-1.40.16")?.contains("geometry") == true)
        #expect(hint(creator: nil, producer: "iText 2.1.7")?.contains("not A4") == true, "iText is no TeX")
        #expect(Producer.family(of: DocumentMetadata(producer: "LibreOffice 7.4")) == .word)
        #expect(Producer.family(of: DocumentMetadata(creator: "dvips(k) 5.996", producer: "GPL Ghostscript 9.55")) == .latex)
        // The workshop's page-limit hint speaks of its own limit.
        let limit = try #require(rules.profile("vdl2016")?.rule("page-limit"))
        let long = ExampleFacts.document((1...11).map { ExampleFacts.twoColumnPage($0, lines: 20) })
        let finding = try #require(limit.evaluate(in: ExampleFacts.context(long)).first)
        #expect(finding.hint.contains("8 pages") && finding.hint.contains("up to 9 pages in all"))
        #expect(!finding.hint.contains("{"))
    }

    @Test func theSameOverflowFoundByTwoRulesOfOneKindIsReportedOnce() {
        let box = Box(x0: 545, y0: 100, x1: 580, y1: 110)
        let first = Finding(ruleId: "margins", check: "contentWithin", severity: .error, message: "a", page: 2, box: box)
        let second = Finding(ruleId: "figure-margins", check: "contentWithin", severity: .error, message: "b", page: 2,
                             box: box.expanded(by: 0.4))
        let elsewhere = Finding(ruleId: "figure-margins", check: "contentWithin", severity: .error, message: "c", page: 3, box: box)
        let other = Finding(ruleId: "page-limit", check: "pageCount", severity: .error, message: "d", page: 2, box: box)
        // The rule whose id sorts first stands for the cause, in either order of the rules.
        for findings in [[first, second, elsewhere, other], [second, first, elsewhere, other]] {
            let kept = Evaluator.reportedOnce(findings)
            #expect(Set(kept.map(\.message)) == ["b", "c", "d"])
            #expect(kept.first?.values["alsoReportedBy"] == "margins")
        }
        // A more severe finding stands for it whatever the ids.
        var severe = first
        severe.severity = .error
        var mild = second
        mild.severity = .warning
        #expect(Evaluator.reportedOnce([mild, severe]).map(\.message) == ["a"])
    }

    @Test func noticesMetadataAndSections() throws {
        var page = ExampleFacts.twoColumnPage(1, lines: 20)
        page.lines.append(ExampleFacts.line("Preliminary work. Under review by the", x: 55.44, y: 690, size: 8.97))
        page.lines.append(ExampleFacts.line("International Conference on Machine Learning (ICML).", x: 55.44, y: 700, size: 8.97))
        page.lines.append(ExampleFacts.line("Acknowledgements", x: 307.44, y: 500, size: 11.955, font: "NimbusRomNo9L-Medi", bold: true))
        let facts = ExampleFacts.document([page, ExampleFacts.twoColumnPage(2)], author: "Ada Lovelace")
        let context = ExampleFacts.context(facts)
        let notice = try TestParameters.of(TextPresentCheck.self, #"{"pattern": "Under\\s+review\\s+by\\s+the\\s+International", "page": 1, "what": "the notice"}"#)
        #expect(TextPresentCheck.evaluate(notice, in: context).isEmpty)
        #expect(TextAbsentCheck.evaluate(notice, in: context).first?.text == "Under review by the International")
        let proceedings = try TestParameters.of(TextPresentCheck.self, #"{"pattern": "Proceedings of the 33\\s*rd", "page": 1}"#)
        #expect(TextPresentCheck.evaluate(proceedings, in: context).count == 1)
        let author = try TestParameters.of(MetadataCheck.self, #"{"field": "author", "pattern": "|Anonymous Submission"}"#)
        #expect(MetadataCheck.evaluate(author, in: context).first?.values["value"] == "Ada Lovelace")
        let acks = try TestParameters.of(SectionAbsentCheck.self, #"{"headings": ["Acknowledgements", "Acknowledgments"]}"#)
        #expect(SectionAbsentCheck.evaluate(acks, in: context).first?.page == 1)
        #expect(SectionAbsentCheck.evaluate(.init(headings: ["Appendix"]), in: context).isEmpty)
    }

    @Test func lineNumbersPresentOrAbsent() {
        var numbers: [TextLine] = []
        for index in 0..<30 { numbers.append(ExampleFacts.line(String(format: "%03d", index), x: 25, y: 77 + Double(index) * 12)) }
        let numbered = ExampleFacts.context(ExampleFacts.document([ExampleFacts.twoColumnPage(1, extra: numbers)]))
        let plain = ExampleFacts.context(ExampleFacts.document([ExampleFacts.twoColumnPage(1)]))
        #expect(LineNumbersCheck.evaluate(.init(expected: .present), in: numbered).isEmpty)
        #expect(LineNumbersCheck.evaluate(.init(expected: .present), in: plain).count == 1)
        #expect(LineNumbersCheck.evaluate(.init(expected: .absent), in: numbered).first?.pages == [1])
        #expect(LineNumbersCheck.evaluate(.init(expected: .absent), in: plain).isEmpty)
    }

    @Test func fileSizeAndExtractability() {
        let big = ExampleFacts.document([ExampleFacts.twoColumnPage(1)], fileSize: 12_000_000)
        #expect(FileSizeCheck.evaluate(.init(maxBytes: 10_000_000), in: ExampleFacts.context(big)).first?.values["size"] == "12 MB")
        #expect(FileSizeCheck.evaluate(.init(maxBytes: 20_000_000), in: ExampleFacts.context(big)).isEmpty)
        let scan = PageFacts(number: 2, width: 612, height: 792, images: [Box(x0: 0, y0: 0, x1: 612, y1: 792)],
                             inkBox: Box(x0: 0, y0: 0, x1: 612, y1: 792))
        var context = ExampleFacts.context(ExampleFacts.document([ExampleFacts.twoColumnPage(1), scan]))
        context.profileRules = [("body-font", "bodyFont"), ("page-size", "pageSize")]
        let outcome = TextExtractableCheck.evaluate(.init(), in: context).first
        #expect(outcome?.values["pages"] == "2")
        #expect(outcome?.values["rules"] == "body-font")
    }
}
