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
    public var characterCount: Int { words.reduce(0) { $0 + $1.text.count } }

    /// The baseline most of the line's characters sit on.
    public var baseline: Double {
        words.max { $0.text.count < $1.text.count }?.baseline ?? box.y1
    }

    /// The word style that covers most characters of the line.
    public var dominantWord: Word? {
        words.max { $0.text.count < $1.text.count }
    }
}
