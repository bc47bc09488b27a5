import PaperFacts

/// The typography of the running text, weighted by characters.
public struct BodyTextStyle: Codable, Equatable, Sendable {
    /// The PostScript name (subset tag stripped) that sets most body characters.
    public var fontName: String
    /// The share of counted characters set in `fontName`'s family.
    public var familyShare: Double
    /// The glyph size most characters have, in points.
    public var fontSize: Double
    /// The distance between consecutive baselines of body lines, in points; nil with too few lines.
    public var baselineStep: Double?
    /// How many characters were counted: words set at 4 to 30 pt, page furniture (line numbers, running heads) left out.
    public var characterCount: Int

    /// Makes a body style from already measured values.
    public init(fontName: String, familyShare: Double, fontSize: Double, baselineStep: Double?, characterCount: Int) {
        self.fontName = fontName
        self.familyShare = familyShare
        self.fontSize = fontSize
        self.baselineStep = baselineStep
        self.characterCount = characterCount
    }

    /// The family part of a PostScript name: `NimbusRomNo9L-Regu` gives `NimbusRomNo9L`.
    public static func family(of fontName: String) -> String {
        let cut = fontName.firstIndex { $0 == "-" || $0 == "," } ?? fontName.endIndex
        return String(fontName[..<cut])
    }
}

enum BodyStyleAnalyzer {
    /// Fewer characters than this and there is no body to speak of.
    static let minimumCharacters = 200

    static func analyze(_ pages: [PageFacts], excluding excluded: ExcludedWords) -> BodyTextStyle? {
        var charactersBySize: [Int: Int] = [:]
        var charactersByFont: [String: Int] = [:]
        var total = 0
        for page in pages {
            for line in page.lines {
                for word in line.words where !excluded.contains(word, page: page.number) {
                    guard word.fontSize >= 4, word.fontSize <= 30 else { continue }
                    // Scalars rather than grapheme clusters: near enough for shares and thresholds, and cheap.
                    let count = word.text.unicodeScalars.count
                    charactersBySize[Int((word.fontSize * 20).rounded()), default: 0] += count
                    charactersByFont[word.fontName, default: 0] += count
                    total += count
                }
            }
        }
        // Families are summed per font, not per word: a paper has thousands of words in a few fonts.
        var charactersByFamily: [String: Int] = [:]
        for (font, count) in charactersByFont { charactersByFamily[BodyTextStyle.family(of: font), default: 0] += count }
        guard total >= minimumCharacters,
              let sizeKey = charactersBySize.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key,
              let family = charactersByFamily.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return nil }
        let fontSize = Double(sizeKey) / 20
        let fontName = charactersByFont.filter { BodyTextStyle.family(of: $0.key) == family.key }
            .max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? family.key
        return BodyTextStyle(fontName: fontName, familyShare: Double(family.value) / Double(total),
                             fontSize: fontSize,
                             baselineStep: baselineStep(pages, fontSize: fontSize, excluding: excluded),
                             characterCount: total)
    }

    /// The most common distance between consecutive body-size lines of one column.
    static func baselineStep(_ pages: [PageFacts], fontSize: Double, excluding excluded: ExcludedWords) -> Double? {
        var steps: [Double] = []
        for page in pages {
            let bodyLines = page.lines.filter { line in
                guard let word = line.dominantWord, line.characterCount >= 8 else { return false }
                return abs(word.fontSize - fontSize) < 0.3 && !excluded.contains(word, page: page.number)
            }
            // Lines of one column share their left edge; sort each column top to bottom.
            let columns = Dictionary(grouping: bodyLines) { Int(($0.box.x0 / 12).rounded()) }
            // Columns in left-to-right order, so that the mean below sums in the same order every run.
            for (_, column) in columns.sorted(by: { $0.key < $1.key }) where column.count > 2 {
                let baselines = column.map(\.baseline).sorted()
                for (upper, lower) in zip(baselines, baselines.dropFirst()) {
                    let step = lower - upper
                    if step > fontSize * 0.8, step < fontSize * 2 { steps.append(step) }
                }
            }
        }
        guard steps.count >= 5 else { return nil }
        var histogram: [Int: Int] = [:]
        for step in steps { histogram[Int((step * 10).rounded()), default: 0] += 1 }
        guard let modeKey = histogram.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return nil }
        let near = steps.filter { abs($0 * 10 - Double(modeKey)) <= 1.5 }
        return near.reduce(0, +) / Double(near.count)
    }
}
