import Dispatch
import PaperFacts

/// Facts derived from the extracted ones: what the rules reason about besides raw boxes.
public struct DocumentAnalysis: Codable, Equatable, Sendable {
    /// The running text's typography; nil when the document has too little text (under 200 counted characters).
    public var bodyStyle: BodyTextStyle?
    /// The column layout of the running text; nil without a body style or with fewer than 10 body lines.
    public var columns: ColumnLayout?
    /// Headings in document order, page by page and in reading order within a page.
    public var headings: [Heading]
    /// The heading where the body ends (References or Acknowledgements), if one was found.
    public var bodyEnd: BodyEnd?
    /// Line-number stacks found in the side margins.
    public var lineNumbers: LineNumbering
    /// Running heads found at the top of the pages.
    public var runningHeads: [RunningHead]
    /// Which pages carry no readable text.
    public var extractability: TextExtractability
    /// The language of the readable text; nil when too little of it decodes to judge.
    public var language: LanguageGuess?

    /// Makes an analysis from already computed parts.
    public init(bodyStyle: BodyTextStyle?, columns: ColumnLayout?, headings: [Heading], bodyEnd: BodyEnd?,
                lineNumbers: LineNumbering, runningHeads: [RunningHead], extractability: TextExtractability,
                language: LanguageGuess? = nil) {
        self.bodyStyle = bodyStyle
        self.columns = columns
        self.headings = headings
        self.bodyEnd = bodyEnd
        self.lineNumbers = lineNumbers
        self.runningHeads = runningHeads
        self.extractability = extractability
        self.language = language
    }
}

/// Runs every analysis over a document's facts. Pure: no I/O, no poppler.
public enum DocumentAnalyzer {
    /// Headings that end the body for page-limit purposes, matched against whole heading lines.
    public static let defaultBodyEndHeadings = ["references", "bibliography", "acknowledgements",
                                                "acknowledgments", "acknowledgement", "acknowledgment"]

    /// Analyses a document: line numbers and running heads first (kept out of all else), then body style,
    /// columns, headings, the body end (the first heading titled as one of `bodyEndHeadings`), text
    /// extractability and language. With `threads` > 1 the language is identified on a second thread
    /// beside the layout steps; batch workers pass 1, since their parallelism is one file per core.
    public static func analyze(_ facts: DocumentFacts, bodyEndHeadings: [String] = defaultBodyEndHeadings,
                               threads: Int = 1) -> DocumentAnalysis {
        let lineNumbers = LineNumberDetector.detect(in: facts.pages)
        let runningHeads = RunningHeadDetector.detect(in: facts.pages)
        let extractability = TextExtractability.assess(facts.pages)
        // The words of pages without readable text (a stamp on a scan) say nothing about the body.
        let excluded = ExcludedWords(lineNumbers: lineNumbers, runningHeads: runningHeads,
                                     pages: extractability.unreadablePages)
        // Language identification, the costliest step, runs beside the layout analysis when allowed.
        let identify = { @Sendable in Self.language(of: facts.pages, extractability: extractability, excluding: excluded) }
        let language = threads > 1 ? BackgroundValue(identify) : BackgroundValue(finished: identify())
        let bodyStyle = BodyStyleAnalyzer.analyze(facts.pages, excluding: excluded)
        let columns = bodyStyle.flatMap { ColumnAnalyzer.analyze(facts.pages, bodyStyle: $0, excluding: excluded) }
        let headings = bodyStyle.map {
            HeadingDetector.detect(in: facts.pages, bodyStyle: $0, columns: columns, excluding: excluded)
        } ?? []
        let bodyEnd = HeadingDetector.bodyEnd(headings: headings, pages: facts.pages, names: bodyEndHeadings,
                                              excluded: excluded)
        return DocumentAnalysis(bodyStyle: bodyStyle, columns: columns, headings: headings, bodyEnd: bodyEnd,
                                lineNumbers: lineNumbers, runningHeads: runningHeads, extractability: extractability,
                                language: language.value)
    }
}

extension DocumentAnalyzer {
    /// Characters of text handed to the identifier: enough to be sure, bounded to stay fast on long documents.
    static let languageSampleCharacters = 40_000

    /// The language of the pages whose text decodes; never a guess from undecodable pages.
    static func language(of pages: [PageFacts], extractability: TextExtractability,
                         excluding excluded: ExcludedWords) -> LanguageGuess? {
        let unreadable = Set(extractability.unreadablePages)
        var text = ""
        for page in pages where !unreadable.contains(page.number) {
            for line in page.lines {
                let words = line.words.filter { !excluded.contains($0, page: page.number) }.map(\.text)
                guard !words.isEmpty else { continue }
                text += words.joined(separator: " ") + "\n"
            }
            if text.count >= languageSampleCharacters { break }
        }
        guard !text.isEmpty else { return nil }
        return LanguageIdentifier.shared.identify(text)
    }
}

/// Words that belong to page furniture (line numbers, running heads) rather than to the paper's text,
/// and every word of pages whose text cannot be read (scans with a stamp).
struct ExcludedWords {
    private var boxesByPage: [Int: [Box]] = [:]
    private var pages: Set<Int>

    init(lineNumbers: LineNumbering, runningHeads: [RunningHead], pages: [Int] = []) {
        for gutter in lineNumbers.gutters { boxesByPage[gutter.page, default: []].append(gutter.box) }
        for head in runningHeads { boxesByPage[head.page, default: []].append(head.box) }
        self.pages = Set(pages)
    }

    func contains(_ word: Word, page: Int) -> Bool {
        pages.contains(page) || boxesByPage[page]?.contains { $0.expanded(by: 0.5).contains(word.box) } ?? false
    }
}

extension DocumentAnalyzer {
    /// The first heading of the analysis titled as one of `names` and the body pages before it;
    /// the analysis's running heads and line numbers do not count as body text.
    public static func bodyEnd(in analysis: DocumentAnalysis, pages: [PageFacts], names: [String]) -> BodyEnd? {
        HeadingDetector.bodyEnd(headings: analysis.headings, pages: pages, names: names,
                                excluded: ExcludedWords(lineNumbers: analysis.lineNumbers, runningHeads: analysis.runningHeads,
                                                        pages: analysis.extractability.unreadablePages))
    }
}

/// A value computed on a background thread; reading `value` waits for it.
public final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: Value?

    /// Starts computing the value on a global queue.
    public init(_ compute: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: done) { self.result = compute() }
    }

    /// A value already computed.
    public init(finished value: Value) {
        result = value
    }

    /// The computed value. `result` is written once, before `done` is left, and read only after.
    public var value: Value {
        done.wait()
        return result!
    }
}
