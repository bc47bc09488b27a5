import Foundation
import PaperAnalysis
import PaperFacts
@testable import PaperRules

/// Small documents built in code, so that each check is tested without a PDF.
enum TestFacts {
    static func word(_ text: String, x: Double, y: Double, size: Double = 9.96, font: String = "NimbusRomNo9L-Regu",
                     bold: Bool = false) -> Word {
        let width = Double(text.count) * size * 0.4
        let box = Box(x0: x, y0: y - size * 0.72, x1: x + width, y1: y + size * 0.2)
        return Word(text: text, box: box, fontName: font, fontSize: size, isBold: bold, isItalic: false,
                    color: .black, baseline: y)
    }

    /// A line of body words starting at x on baseline y.
    /// With `justifiedTo`, spaces stretch so the line ends exactly at x + justifiedTo, as justified text does.
    static func line(_ text: String, x: Double, y: Double, size: Double = 9.96, font: String = "NimbusRomNo9L-Regu",
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

    /// A US Letter page of two-column body text in the ICML text block.
    static func twoColumnPage(_ number: Int, lines count: Int = 50, step: Double = 11.955,
                              extra: [TextLine] = [], font: String = "NimbusRomNo9L-Regu", size: Double = 9.96) -> PageFacts {
        let sentence = "the quick results of this method show a clear gain"
        var lines: [TextLine] = []
        for column in [55.44, 307.44] {
            for index in 0..<count {
                lines.append(line(sentence, x: column, y: 77 + Double(index) * step, size: size, font: font, justifiedTo: 234))
            }
        }
        return PageFacts(number: number, width: 612, height: 792, lines: lines + extra,
                         inkBox: Box(x0: 55.44, y0: 67, x1: 541.44, y1: 715))
    }

    static func document(_ pages: [PageFacts], fonts: [FontFacts] = [], author: String? = nil,
                         fileSize: Int = 100_000) -> DocumentFacts {
        DocumentFacts(path: "test.pdf", metadata: DocumentMetadata(author: author, fileSize: fileSize),
                      pages: pages, fonts: fonts)
    }

    /// A kind's typed parameters from the JSON a rules file would hold, defaults filled in, as
    /// rules.json binds them.
    static func parameters<Kind: CheckKind>(_ kind: Kind.Type, _ json: String) throws -> Kind.Parameters {
        try parameters(kind, try JSONParser.parse(Data(json.utf8)))
    }

    static func parameters<Kind: CheckKind>(_ kind: Kind.Type, _ value: JSONValue) throws -> Kind.Parameters {
        try Kind.decodeParameters(value).parameters
    }

    static func context(_ facts: DocumentFacts) -> CheckContext {
        CheckContext(facts: facts, analysis: DocumentAnalyzer.analyze(facts))
    }
}
