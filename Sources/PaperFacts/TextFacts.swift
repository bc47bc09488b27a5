/// One word of extracted text with the typography of its first character.
public struct Word: Codable, Equatable, Sendable {
    /// The word's characters, without surrounding white space.
    public var text: String
    /// The word's bounding box (glyph ascent to descent), in points with a top-left origin.
    public var box: Box
    /// The font's PostScript name without a subset tag such as `ZALKUB+`.
    public var fontName: String
    /// The glyph size in points (10 pt body text measures 9.96 bp in pdfTeX output).
    public var fontSize: Double
    /// Whether the PostScript font name marks the font bold (e.g. `Bold`, `Semibold`, `Black`).
    public var isBold: Bool
    /// Whether the PostScript font name marks the font italic or oblique.
    public var isItalic: Bool
    /// The fill colour of the word's text.
    public var color: RGBColor
    /// The estimated baseline (y of the glyph origin), which the bottom of the text block is measured at.
    public var baseline: Double

    /// Makes a word.
    public init(text: String, box: Box, fontName: String, fontSize: Double, isBold: Bool,
                isItalic: Bool, color: RGBColor, baseline: Double) {
        self.text = text
        self.box = box
        self.fontName = fontName
        self.fontSize = fontSize
        self.isBold = isBold
        self.isItalic = isItalic
        self.color = color
        self.baseline = baseline
    }
}

extension Word {
    /// The number of characters in `text`. Text without a carriage return or any byte above ASCII
    /// (most of a paper's) has one character per byte, which is counted without walking the text's
    /// grapheme clusters as `String.count` does.
    public var characterCount: Int {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? text.utf8.count : text.count
    }

    /// Whether the word's box is a text font's: visible glyphs in a box 0.75 to 1.5 times the size
    /// tall (the font's ascent to descent), which holds their ink. Big operators and delimiters
    /// have boxes from odd font metrics (a CMEX10 sum's is 3.7 em tall, another's 0.6 em and above
    /// its ink), whatever character they map to.
    public var hasTextFontBox: Bool {
        let height = box.height / max(fontSize, 0.01)
        return !color.isNearWhite && height >= 0.75 && height <= 1.5
    }

    /// Whether the word's ink spans its box across the line, to within the glyphs' side bearings (a
    /// point or less): letters or digits in a text font's box. Punctuation alone may not: a period's
    /// advance is mostly white.
    public var hasInkWideAsItsBox: Bool {
        hasTextFontBox && text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}

/// A line of text as the PDF reader's layout analysis grouped it.
public struct TextLine: Codable, Equatable, Sendable {
    /// The words in reading order.
    public var words: [Word]
    /// The union of the words' boxes (all zero for no words).
    public var box: Box

    /// Makes a line; its box is the union of the words' boxes.
    public init(words: [Word]) {
        self.words = words
        self.box = Box.enclosing(words.map(\.box)) ?? Box(x0: 0, y0: 0, x1: 0, y1: 0)
    }

    /// The words joined by single spaces.
    public var text: String { words.map(\.text).joined(separator: " ") }
    /// Characters in the line's words, spaces not counted.
    public var characterCount: Int { words.reduce(0) { $0 + $1.characterCount } }

    /// The baseline most of the line's characters sit on.
    public var baseline: Double {
        longestWordIndex.map { words[$0].baseline } ?? box.y1
    }

    /// The baseline of the line's words with letters (two or more) at its main size, whose boxes
    /// follow the text font's metrics; nil when it has none (a line of symbols, a big operator
    /// alone). Symbols and big operators have boxes that say little about the baseline.
    public var letterBaseline: Double? {
        // Sub- and superscripts have their own baselines: only words at the line's main size count.
        let main = words.map(\.fontSize).max() ?? 0
        let baselines = words.filter { word in
            word.fontSize >= main * 0.85 && word.text.unicodeScalars.lazy.filter(\.properties.isAlphabetic).prefix(2).count == 2
        }.map(\.baseline).sorted()
        return baselines.isEmpty ? nil : baselines[baselines.count / 2]
    }

    /// Whether the line's words crossing the lower edge `bottom` (plus `tolerance`) leave open how
    /// deep their ink goes, so that only a render can tell. A line whose letters' baseline is below
    /// the edge is plainly outside. Otherwise a crossing word is settled by its box when the box
    /// holds its ink (at least a text font's height: a font's ascent to descent, or its bounding
    /// box) and either its line's letters sit inside and the box goes no deeper than `depth` (a
    /// descender, a subscript), or the line has no letters and the box is a text font's (so that its
    /// baseline is known). Boxes shorter than that (a CMEX10 sum's may sit above its ink), white
    /// glyphs and deeper boxes need the ink.
    public func mayHideInkBelow(_ bottom: Double, depth: Double, tolerance: Double) -> Bool {
        let baseline = letterBaseline
        if let baseline, baseline > bottom + tolerance { return false }
        return words.contains { word in
            guard word.box.y1 > bottom + tolerance else { return false }
            let height = word.box.height / max(word.fontSize, 0.01)
            if word.color.isNearWhite || height < 0.75 { return true }
            return baseline != nil ? word.box.y1 > bottom + depth + tolerance : !word.hasTextFontBox
        }
    }

    /// The word style that covers most characters of the line.
    public var dominantWord: Word? {
        longestWordIndex.map { words[$0] }
    }

    /// The index of the first word with the most characters; nil for no words. Each word is counted
    /// once and none is copied: the analyses ask this of every line, many times.
    private var longestWordIndex: Int? {
        var longest: Int?
        var most = -1
        for index in words.indices {
            let count = words[index].characterCount
            if count > most {
                longest = index
                most = count
            }
        }
        return longest
    }
}
