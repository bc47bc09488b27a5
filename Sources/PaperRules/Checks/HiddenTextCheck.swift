import PaperAnalysis
import PaperFacts

/// Text that extraction (and so every tool and language model that reads the PDF) sees but a
/// reader cannot: decided by the ink extraction measured (`PageFacts.hiddenText`), not by boxes.
public enum HiddenTextCheck: CheckKind {
    /// The `parameters` of a `hiddenText` rule.
    public struct Parameters: Decodable, Sendable {
        /// Text in a smaller font than this, in points, is tiny.
        public var tinySize: Double
        /// Hidden text matching one of these is an instruction to reviewers' language models.
        public var instructionPatterns: [TextPattern]
        /// The severity of figure material that is not drawn or is drawn over (invisible, clipped,
        /// covered): real papers clip figure text and overlap figures and captions, so it is lower by
        /// default. Undrawn prose keeps the rule's severity.
        public var undrawnSeverity: Severity
    }

    /// Instruction-like phrases that prompt injections aimed at reviewing tools use.
    static let defaultInstructions: [String] = [
        #"ignore\s+(all\s+)?(the\s+)?(previous|prior|above|earlier)\s+instructions"#,
        #"give\s+(this\s+)?(paper|submission|work)?\s*(a\s+)?(positive|favou?rable|good|high)\s+(review|rating|score)"#,
        #"as\s+an?\s+(language\s+model|LLM|AI)"#,
        #"do\s+not\s+(mention|reveal|highlight|point\s+out)"#,
        #"recommend\s+(accept(ing|ance)?|this\s+paper)"#,
        #"(rate|score)\s+this\s+(paper|submission)\s+(as|with)\s+(a\s+)?(strong\s+)?accept"#,
    ]

    /// The parameters of a `hiddenText` rule.
    public static let parameterSpecs = [
        ParameterSpec("tinySize", .number(0...12, unit: "pt"), .defaulted(.number(1.5)),
                      "Text in a smaller font than this (in points) is tiny. Real figures set tick labels at 1.8 pt, so the default stays below that."),
        ParameterSpec("instructionPatterns", .list(.pattern, minimumCount: 0),
                      .defaulted(.array(defaultInstructions.map { .string($0) })),
                      "Case-insensitive regular expressions: hidden text that matches one is an instruction to reviewers' language models, with its own message."),
        ParameterSpec("undrawnSeverity", .severity, .defaulted(.string("warning")),
                      "The severity for figure material that is not drawn or is drawn over (invisible render mode, clipped, covered by an image): runs of fewer than four words or twenty letters, and captions. Real papers clip and overlap figure text; undrawn prose keeps the rule's severity."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "hiddenText"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "No text that extraction reads but a reader cannot see: white on white or on its own colour, smaller than `tinySize`, invisible (3 Tr) on a page with visible text, off the page, clipped or covered; decided by rendering the page and its text's own glyphs."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// A run of hidden text.
        case main
        /// A run of hidden text that reads as an instruction to a language model.
        case instruction
    }

    /// Message templates by variant.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main:
            "text a reader cannot see on page {page} ({reason}): \"{text}\"; text extraction and the tools built on it read it. Remove it, or make it visible"
        case .instruction:
            "hidden instruction to reviewers' language models on page {page} ({reason}): \"{text}\"; a reader sees nothing there. Remove it"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["page", "reason", "text", "size"]

    /// Extraction looks for hidden text, keeping words below `tinySize`.
    public static func needs(_ parameters: Parameters) -> ExtractionNeeds {
        ExtractionNeeds(hiddenTextTinySizes: [parameters.tinySize])
    }

    /// Quoted text is cut to this many characters.
    static let maximumQuote = 200

    /// One outcome per run of hidden words of one reason (consecutive in reading order) on a page.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        var outcomes: [CheckOutcome] = []
        for page in context.facts.pages {
            let words = (page.hiddenText ?? []).filter { $0.reason != .tiny || $0.fontSize < parameters.tinySize }
            // The box of the caption the previous run belonged to, if any: a caption's later
            // lines continue it without starting with "Figure".
            var captionBox: Box?
            for run in runs(words) {
                let text = joined(run.map(\.text))
                let reason = run[0].reason
                let quoted = text.count > maximumQuote ? String(text.prefix(maximumQuote)) + "..." : text
                let box = run.dropFirst().reduce(run[0].box) { $0.union($1.box) }
                let size = run.map(\.fontSize).min() ?? 0
                let isInstruction = parameters.instructionPatterns.contains { $0.firstMatch(in: text) != nil }
                let undrawn = [.invisible, .clipped, .covered].contains(reason)
                let continuesCaption = captionBox.map { caption in
                    box.y0 >= caption.y0 && box.y0 - caption.y1 <= 1.5 * max(size, 1) && box.x0 < caption.x1 && box.x1 > caption.x0
                } ?? false
                let isCaption = captionStart.firstMatch(in: text) != nil || continuesCaption
                captionBox = isCaption ? (captionBox.map { continuesCaption ? $0.union(box) : box } ?? box) : nil
                let lowered = undrawn && !isInstruction && (isCaption || !isProse(run.map(\.text), text: text))
                outcomes.append(CheckOutcome(variant: isInstruction ? Variant.instruction : .main,
                                             severity: lowered ? parameters.undrawnSeverity : nil,
                                             values: ["page": String(page.number), "reason": describe(reason, size: size),
                                                      "text": quoted, "size": Format.points(size)],
                                             page: page.number, box: box, text: quoted))
            }
        }
        return outcomes
    }

    /// Whether a run reads as prose written for a reader: at least four words with twenty letters
    /// (captions are told apart by the caller). Undrawn figure material (tick labels, a symbol clipped
    /// out of an included plot, a caption under the next figure) is a layout slip in real papers;
    /// a sentence that is not drawn in the body is not.
    static func isProse(_ words: [String], text: String) -> Bool {
        let wordy = words.filter { $0.contains(where: \.isLetter) }
        return wordy.count >= 4 && text.filter(\.isLetter).count >= 20
    }

    /// "Figure 2.", "Fig. 3:", "Table 1" at the start of a run.
    static let captionStart = try! TextPattern(compiling: #"^\s*(fig(ure|\.)?|table)\s*[0-9IVX]+"#)

    /// Words joined by spaces, with a word hyphenated at a line's end joined again (`in-` +
    /// `structions`), so that patterns match what was written.
    static func joined(_ words: [String]) -> String {
        var text = ""
        for word in words {
            if text.hasSuffix("-"), text.dropLast().last?.isLetter == true, word.first?.isLowercase == true {
                text.removeLast()
            } else if !text.isEmpty {
                text += " "
            }
            text += word
        }
        return text
    }

    /// Consecutive words (by reading order) of one reason.
    static func runs(_ words: [HiddenText]) -> [[HiddenText]] {
        var runs: [[HiddenText]] = []
        for word in words.sorted(by: { $0.wordIndex < $1.wordIndex }) {
            if let last = runs.last?.last, last.reason == word.reason, word.wordIndex == last.wordIndex + 1 {
                runs[runs.count - 1].append(word)
            } else {
                runs.append([word])
            }
        }
        return runs
    }

    /// What a reader sees there, in a few words.
    static func describe(_ reason: HiddenTextReason, size: Double) -> String {
        switch reason {
        case .white: "white on white"
        case .sameColour: "drawn in the colour of its background"
        case .tiny: "set in \(Format.points(size)) pt type, too small to read"
        case .invisible: "not drawn: invisible render mode, or clipped away"
        case .offPage: "outside the page"
        case .clipped: "clipped away"
        case .covered: "covered by an image drawn over it"
        }
    }
}
