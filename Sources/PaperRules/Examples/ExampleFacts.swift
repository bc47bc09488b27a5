import PaperAnalysis
import PaperFacts

/// Small documents built in code: what the check kinds' examples and the tests judge, without a PDF.
/// Glyph boxes follow a text font's metrics (ascent 0.72 em, descent 0.2 em, 0.4 em per character),
/// so the analysis sees body text, columns and headings as it does in pdfTeX output.
public enum ExampleFacts {
    /// A page size as displayed, in points.
    public struct Paper: Sendable {
        /// Width in points.
        public var width: Double
        /// Height in points.
        public var height: Double

        /// US Letter, the ICML 2016 paper.
        public static let usLetter = Paper(width: 612, height: 792)
        /// A4, which the ICML template does not allow.
        public static let a4 = Paper(width: 595.28, height: 841.89)
    }

    /// The ICML 2016 text block on US Letter, in points from the top-left corner.
    public static let icmlBlock = Box(x0: 55.44, y0: 67.06, x1: 541.44, y1: 715.06)

    /// The sentence body lines repeat: English enough for the language identifier.
    public static let sentence = "the quick results of this method show a clear gain"

    /// One word at x on baseline y, in `font` at `size` points.
    public static func word(_ text: String, x: Double, y: Double, size: Double = 9.96, font: String = "NimbusRomNo9L-Regu",
                            bold: Bool = false) -> Word {
        let width = Double(text.count) * size * 0.4
        let box = Box(x0: x, y0: y - size * 0.72, x1: x + width, y1: y + size * 0.2)
        return Word(text: text, box: box, fontName: font, fontSize: size, isBold: bold, isItalic: false,
                    color: .black, baseline: y)
    }

    /// A line of words starting at x on baseline y.
    /// With `justifiedTo`, spaces stretch so the line ends exactly at x + justifiedTo, as justified text does.
    public static func line(_ text: String, x: Double, y: Double, size: Double = 9.96, font: String = "NimbusRomNo9L-Regu",
                            bold: Bool = false, justifiedTo width: Double? = nil) -> TextLine {
        let tokens = text.split(separator: " ").map(String.init)
        let inked = tokens.reduce(0) { $0 + Double($1.count) * size * 0.4 }
        let space = width.map { ($0 - inked) / Double(max(1, tokens.count - 1)) } ?? size * 0.25
        var cursor = x
        var words: [Word] = []
        for token in tokens {
            let word = word(token, x: cursor, y: y, size: size, font: font, bold: bold)
            words.append(word)
            cursor = word.box.x1 + space
        }
        return TextLine(words: words)
    }

    /// A bold 12 pt section heading, as icml2016.sty sets `\section`, at x on baseline y.
    public static func heading(_ title: String, x: Double = 307.44, y: Double = 400) -> TextLine {
        line(title, x: x, y: y, size: 11.955, font: "NimbusRomNo9L-Medi", bold: true)
    }

    /// The review copy's notice at the foot of the first column, as icml2016.sty prints it on page 1.
    public static let reviewNotice = [
        line("Preliminary work. Under review by the", x: 55.44, y: 690, size: 8.97),
        line("International Conference on Machine Learning (ICML). Do not distribute.", x: 55.44, y: 700, size: 8.97),
    ]

    /// The camera-ready notice in its place, hyphenated across its lines.
    public static let proceedingsNotice = [
        line("Proceedings of the 33rd International Con-", x: 55.44, y: 690, size: 8.97),
        line("ference on Machine Learning, New York, NY, USA, 2016.", x: 55.44, y: 700, size: 8.97),
    ]

    /// A page of two-column body text in the ICML text block (US Letter unless `paper` says otherwise):
    /// `lines` lines per column, `step` points apart, then `extra` lines.
    public static func twoColumnPage(_ number: Int, lines count: Int = 50, step: Double = 11.955,
                                     extra: [TextLine] = [], font: String = "NimbusRomNo9L-Regu", size: Double = 9.96,
                                     text: String = sentence, columns: [Double] = [55.44, 307.44], columnWidth: Double = 234,
                                     paper: Paper = .usLetter) -> PageFacts {
        var lines: [TextLine] = []
        for column in columns {
            for index in 0..<count {
                lines.append(line(text, x: column, y: 77 + Double(index) * step, size: size, font: font, justifiedTo: columnWidth))
            }
        }
        return PageFacts(number: number, width: paper.width, height: paper.height, lines: lines + extra,
                         inkBox: Box(x0: 55.44, y0: 67, x1: 541.44, y1: 715))
    }

    /// A page of one-column text running 72 pt from both sides, as a report or a letter sets it.
    public static func oneColumnPage(_ number: Int, lines count: Int = 40, paper: Paper = .usLetter) -> PageFacts {
        let lines = (0..<count).map { index in
            line(sentence + " " + sentence, x: 72, y: 80 + Double(index) * 12, justifiedTo: paper.width - 144)
        }
        return PageFacts(number: number, width: paper.width, height: paper.height, lines: lines,
                         inkBox: Box(x0: 72, y0: 70, x1: paper.width - 72, y1: 80 + Double(count) * 12))
    }

    /// A scanned page: one image over the whole page and no text layer.
    public static func scannedPage(_ number: Int, paper: Paper = .usLetter) -> PageFacts {
        let page = Box(x0: 0, y0: 0, x1: paper.width, y1: paper.height)
        return PageFacts(number: number, width: paper.width, height: paper.height, images: [page], inkBox: page)
    }

    /// Review-copy line numbers (`000`, `001`, ...) in the left margin, one per body line.
    public static func lineNumbers(_ count: Int = 30, from first: Int = 0, x: Double = 25, step: Double = 12) -> [TextLine] {
        (0..<count).map { index in
            let number = String(first + index)
            return line(String(repeating: "0", count: max(0, 3 - number.count)) + number, x: x, y: 77 + Double(index) * step)
        }
    }

    /// The page with ink measured in `regions` (as a fine render at 288 dpi reports it): `marks` are the drawn groups.
    public static func inked(_ page: PageFacts, regions: [Box], marks: [Box]) -> PageFacts {
        var page = page
        page.ink = InkSample(regions: regions, marks: marks, pixelsPerPoint: 4)
        return page
    }

    /// A font used on `pages`, embedded and subset (as pdfTeX writes fonts) unless told otherwise.
    public static func font(_ name: String, type: FontType = .type1, embedded: Bool = true, pages: [Int] = [1]) -> FontFacts {
        FontFacts(name: name, fullName: embedded && type != .type3 ? "ABCDEF+" + name : name, type: type,
                  isEmbedded: embedded, isSubset: embedded && type != .type3, pages: pages)
    }

    /// A document of `pages`, with the metadata fields given.
    public static func document(_ pages: [PageFacts], fonts: [FontFacts] = [], author: String? = nil,
                                fileSize: Int = 100_000) -> DocumentFacts {
        DocumentFacts(path: "test.pdf", metadata: DocumentMetadata(author: author, fileSize: fileSize),
                      pages: pages, fonts: fonts)
    }

    /// What a check sees of `facts`: the facts and their analysis.
    public static func context(_ facts: DocumentFacts, profileRules: [(id: String, check: String)] = []) -> CheckContext {
        CheckContext(facts: facts, analysis: DocumentAnalyzer.analyze(facts), profileRules: profileRules)
    }
}
