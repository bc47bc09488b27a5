internal import CPoppler
import PaperFacts

/// Turns poppler's text layout of one page (the text, a box per character and the attribute runs)
/// into lines of words with their typography.
struct PageTextReader {
    struct Result {
        var lines: [TextLine]
        var characterCount: Int
        var undecodableCharacterCount: Int
        /// Font names (subset tag kept) that show text on this page.
        var fontNames: Set<String>
    }

    private struct Attribute {
        var fontName: String
        var fontSize: Double
        var color: RGBColor
        var start: Int
        var end: Int
        /// Name without subset tag and its style, worked out once per font rather than per word.
        var baseName: String
        var style: FontStyle
    }

    static func read(_ page: PopplerPageHandle) -> Result {
        // The text is a selection from the area's top-left corner, and poppler starts it at the
        // first block that reaches past that corner: with the page's own box, a block hanging over
        // the left edge (a clipped figure's text) becomes the start, and the running head before it
        // in reading order is lost. The page grown by its size on every side starts at the top.
        // A block that reaches past even that corner (a glyph drawn a billion points tall) would
        // start the selection at itself and lose the rest, so the page's own box is read too, and
        // the selection that holds more text is kept (a second selection costs about 1% of the first,
        // which builds poppler's text page).
        // Poppler's part is read holding the lock a shared page needs; the words are made after.
        let layout: (text: String, boxes: [PopplerRectangle], attributes: [Attribute])? = page.reading {
            let (width, height) = PDFNumber.pageSize(page.pointer)
            let margin = max(width, height, 1)
            var grown = PopplerRectangle(x1: -margin, y1: -margin, x2: width + margin, y2: height + margin)
            var own = PopplerRectangle(x1: 0, y1: 0, x2: width, y2: height)
            let grownText = takeGString(poppler_page_get_text_for_area(page.pointer, &grown)) ?? ""
            let ownText = takeGString(poppler_page_get_text_for_area(page.pointer, &own)) ?? ""
            let ownHoldsMore = visibleCount(ownText) > visibleCount(grownText)
            var area = ownHoldsMore ? own : grown
            let text = ownHoldsMore ? ownText : grownText
            guard !text.isEmpty else { return nil }
            var rectangles: UnsafeMutablePointer<PopplerRectangle>?
            var rectangleCount: guint = 0
            guard poppler_page_get_text_layout_for_area(page.pointer, &area, &rectangles, &rectangleCount) != 0,
                  let rectangles else { return nil }
            defer { g_free(rectangles) }
            return (text, Array(UnsafeBufferPointer(start: rectangles, count: Int(rectangleCount))), readAttributes(page, area: &area))
        }
        guard let layout else { return Result(lines: [], characterCount: 0, undecodableCharacterCount: 0, fontNames: []) }
        return layout.boxes.withUnsafeBufferPointer { boxes in
            assemble(scalars: Array(layout.text.unicodeScalars), boxes: boxes, attributes: layout.attributes)
        }
    }

    private static func visibleCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWhitespace($1) ? 0 : 1) }
    }

    /// Unicode's White_Space, answered for ASCII without the property tables (most of a page).
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    private static func readAttributes(_ page: PopplerPageHandle, area: inout PopplerRectangle) -> [Attribute] {
        guard let list = poppler_page_get_text_attributes_for_area(page.pointer, &area) else { return [] }
        defer { poppler_page_free_text_attributes(list) }
        var attributes: [Attribute] = []
        // A page has hundreds of runs but a handful of fonts: name and style are worked out once per font.
        var fonts: [String: (baseName: String, style: FontStyle)] = [:]
        forEachGListItem(list) { raw in
            let attribute = raw.assumingMemoryBound(to: PopplerTextAttributes.self).pointee
            let color = RGBColor(red: Double(attribute.color.red) / 65535,
                                 green: Double(attribute.color.green) / 65535,
                                 blue: Double(attribute.color.blue) / 65535)
            let name = borrowCString(attribute.font_name) ?? ""
            let font = fonts[name] ?? {
                let baseName = FontFacts.baseName(name)
                let font = (baseName: baseName, style: FontStyle(postScriptName: baseName))
                fonts[name] = font
                return font
            }()
            attributes.append(Attribute(fontName: name, fontSize: PDFNumber.size(attribute.font_size), color: color,
                                        start: Int(attribute.start_index), end: Int(attribute.end_index),
                                        baseName: font.baseName, style: font.style))
        }
        return attributes.sorted { $0.start < $1.start }
    }

    private static func assemble(scalars: [Unicode.Scalar], boxes: UnsafeBufferPointer<PopplerRectangle>,
                                 attributes: [Attribute]) -> Result {
        var lines: [TextLine] = []
        var words: [Word] = []
        var fontNames = Set<String>()
        var characterCount = 0
        var undecodable = 0
        // The word's text as UTF-8, appended to byte by byte (a string's scalar view appends slowly).
        var wordBytes: [UInt8] = []
        var wordBox: Box?
        var wordAttribute: Int?
        var attributeCursor = 0

        func finishWord() {
            if let box = wordBox, !wordBytes.isEmpty {
                let attribute = wordAttribute.map { attributes[$0] }
                let size = attribute?.fontSize ?? box.height
                fontNames.insert(attribute?.fontName ?? "")
                let style = attribute?.style ?? FontStyle.plain
                words.append(Word(text: String(decoding: wordBytes, as: UTF8.self), box: box, fontName: attribute?.baseName ?? "",
                                  fontSize: size, isBold: style.isBold, isItalic: style.isItalic,
                                  color: attribute?.color ?? .black,
                                  baseline: estimatedBaseline(of: box, fontSize: size)))
            }
            wordBytes.removeAll(keepingCapacity: true)
            wordBox = nil
            wordAttribute = nil
        }
        func finishLine() {
            finishWord()
            if !words.isEmpty { lines.append(TextLine(words: words)) }
            words = []
        }

        // The last glyph of the current line, to see how far the next one is from it.
        var previousGlyph: Box?
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\n" { finishLine(); previousGlyph = nil; continue }
            if isWhitespace(scalar) { finishWord(); continue }
            guard index < boxes.count else { break }
            while attributeCursor < attributes.count, attributes[attributeCursor].end < index { attributeCursor += 1 }
            let attribute = attributeCursor < attributes.count && attributes[attributeCursor].start <= index
                ? attributeCursor : nil
            let rectangle = boxes[index]
            let box = PDFNumber.box(x1: rectangle.x1, y1: rectangle.y1, x2: rectangle.x2, y2: rectangle.y2)
            // Glyphs far apart on one baseline are not one word, nor one line: poppler may join a
            // heading with the other column's text, or the line numbers of both margins.
            switch Self.gap(from: previousGlyph, to: box, fontSize: attribute.map { attributes[$0].fontSize } ?? box.height) {
            case .column: finishLine()
            case .word: finishWord()
            case .none: break
            }
            previousGlyph = box
            // A change of font or size inside a run of letters starts a new word, so that every
            // word has exactly one style (a footnote mark or a subscript becomes its own word).
            if attribute != wordAttribute, !wordBytes.isEmpty { finishWord() }
            wordBox = wordBox?.union(box) ?? box
            wordAttribute = attribute
            if scalar.isASCII {
                wordBytes.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { wordBytes.append($0) }
            }
            characterCount += 1
            if isUndecodable(scalar) { undecodable += 1 }
        }
        finishLine()
        return Result(lines: lines, characterCount: characterCount, undecodableCharacterCount: undecodable,
                      fontNames: fontNames)
    }

    enum Gap { case none, word, column }

    /// How far apart two glyphs of one line are: more than half an em is a word break that
    /// poppler left out, more than 1.5 em (and 12 pt) separates columns or table cells. Only glyphs
    /// that follow each other left to right on one row are compared; rotated text is left alone.
    static func gap(from previous: Box?, to box: Box, fontSize: Double) -> Gap {
        guard let previous, fontSize > 0 else { return .none }
        let overlap = min(previous.y1, box.y1) - max(previous.y0, box.y0)
        guard overlap >= 0.5 * min(previous.height, box.height), box.x0 > previous.x0 else { return .none }
        let distance = box.x0 - previous.x1
        if distance > max(1.5 * fontSize, 12) { return .column }
        if distance > 0.5 * fontSize { return .word }
        return .none
    }

    /// Poppler's character boxes run from the font's ascent to its descent, not to the baseline.
    /// In Latin text fonts the descent is about a fifth of the box, so the baseline sits at about
    /// 78% of the box height; for the bottom of the text block only this estimate is needed.
    static func estimatedBaseline(of box: Box, fontSize: Double) -> Double {
        box.y0 + 0.78 * box.height
    }

    /// Replacement characters, private-use code points and controls: glyphs that did not map to text.
    static func isUndecodable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFFFD, 0xE000...0xF8FF, 0xF0000...0x10FFFF, 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}

/// Bold and italic as the PostScript name tells them (PDF text has no other reliable signal).
struct FontStyle {
    let isBold: Bool
    let isItalic: Bool

    /// The style of text without font attributes.
    static let plain = FontStyle(postScriptName: "")

    init(postScriptName name: String) {
        let lower = name.lowercased()
        let styleWords = ["bold", "medi", "semibold", "demi", "black", "heavy", "-bd", "cmbx", "cmb10", "bx10"]
        isBold = styleWords.contains { lower.contains($0) } || lower.hasSuffix(",bold")
        let italicWords = ["ital", "oblique", "slant", "cmti", "cmsl", "-it", ",italic"]
        isItalic = italicWords.contains { lower.contains($0) }
    }
}
