import PaperAnalysis
import PaperFacts

/// The text block as rules.json writes it: edges in points from the top-left corner of the page.
public struct TextBlock: Codable, Sendable, Equatable {
    /// The four edges, each in points.
    static let specs = [
        ParameterSpec("left", .points, "Left edge, in points from the page's left side."),
        ParameterSpec("top", .points, "Top edge, in points from the page's top side."),
        ParameterSpec("right", .points, "Right edge, in points from the page's left side."),
        ParameterSpec("bottom", .points, "Bottom edge (the last baseline), in points from the page's top side."),
    ]

    /// The block's edge that lies on the wrong side of its opposite, or nil.
    var inversion: ParameterProblem? {
        if right <= left { return ParameterProblem("right", "\(Format.points(right)) is not right of left (\(Format.points(left)))") }
        if bottom <= top { return ParameterProblem("bottom", "\(Format.points(bottom)) is not below top (\(Format.points(top)))") }
        return nil
    }

    /// Left edge, in points from the page's left side.
    public var left: Double
    /// Top edge, in points from the page's top side.
    public var top: Double
    /// Right edge, in points from the page's left side.
    public var right: Double
    /// Bottom edge, in points from the page's top side; text is held to it at its baseline.
    public var bottom: Double

    /// The block as a `Box`.
    public var box: Box { Box(x0: left, y0: top, x1: right, y1: bottom) }
}

/// Text, images and vector graphics stay inside the text block, except in allowed zones.
///
/// Boxes are only a first screen: glyph boxes come from font metrics (a big operator's box is
/// 3.7 em tall), image boxes include white and transparent pixels, and clipped content has boxes
/// but no ink. Wherever a box crosses the block and cannot stand for its ink, the region outside it
/// is rendered finely (`inkRegions`) and the drawn ink decides whether, and how far, something is
/// outside; text in a text font's box is measured by its box and baseline. The bottom
/// edge is the last baseline: text ink may hang `lastLineDepth` below it (descenders, subscripts,
/// limits). Severity follows the consequence: a local overflow (at most `localOverflow` points) gets
/// `localSeverity`; content further out, and a text block that differs on many pages, the rule's.
/// One cause is one finding: page numbers or a stamp on every page, or a block that does not fit
/// on many pages, are folded into one finding with its occurrences.
public enum ContentWithinCheck: CheckKind {
    /// The `parameters` object of a `contentWithin` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// The block content must stay inside, in points from the page's top-left corner.
        public var textBlock: TextBlock
        /// How far content may reach past each edge before it counts, in points.
        public var tolerance: Double
        /// Furniture allowed outside the block: "runningHead", "lineNumbers".
        public var allowedZones: [Zone]
        /// How far below the bottom edge (the last baseline) the ink of text may reach before the
        /// tolerance applies: descenders, subscripts and limits of the last line (default 0).
        public var lastLineDepth: Double
        /// Overflows up to this many points (beyond the edge) are local: one line, an equation or
        /// a URL a little too wide. Absent: every overflow has the rule's severity.
        public var localOverflow: Double?
        /// The severity of a local overflow (default warning).
        public var localSeverity: Severity
        /// Pages on which at least `geometryLines` text lines cross the same edge mean a different
        /// text block once there are this many of them (default 3): one finding for all of them.
        public var geometryPages: Int
        /// Text lines crossing one edge of a page for the page to count towards `geometryPages` (default 3).
        public var geometryLines: Int
    }

    /// The `check` value that selects this kind in rules.json.
    /// Page furniture that may lie outside the text block.
    public enum Zone: String, Decodable, Sendable, CaseIterable {
        /// The running title above the block.
        case runningHead
        /// Line numbers beside the block (review copies).
        case lineNumbers
    }

    /// The parameters of a `contentWithin` rule.
    public static let parameterSpecs = [
        ParameterSpec("textBlock", .object(TextBlock.specs), "The block content must stay inside, in points from the page's top-left corner."),
        ParameterSpec("tolerance", .number(0...100, unit: "pt"), "How far content may reach past each edge before it counts, in points."),
        ParameterSpec("allowedZones", .list(.choice(Zone.allCases.map(\.rawValue)), minimumCount: 0), .defaulted(.array([])),
                      "Furniture allowed outside the block."),
        ParameterSpec("lastLineDepth", .number(0...100, unit: "pt"), .defaulted(.number(0)),
                      "How far below the last baseline the ink of text may reach before the tolerance applies."),
        ParameterSpec("localOverflow", .number(0...1000, unit: "pt"), .optional,
                      "Overflows up to this many points are local and get localSeverity; absent, every overflow has the rule's severity."),
        ParameterSpec("localSeverity", .severity, .defaulted(.string("warning")), "The severity of a local overflow."),
        ParameterSpec("geometryPages", .integer(1...100_000), .defaulted(.number(3)),
                      "Pages with geometryLines lines over one edge that make one finding of a different text block."),
        ParameterSpec("geometryLines", .integer(1...10_000), .defaulted(.number(3)),
                      "Text lines over one edge for a page to count towards geometryPages."),
    ]

    /// A text block whose edges are inverted checks nothing.
    public static func validate(_ parameters: Parameters) -> ParameterProblem? {
        parameters.textBlock.inversion.map { ParameterProblem("textBlock." + $0.key, $0.message) }
    }

    /// The text block to outline, and the vector ink to look for outside it grown by the tolerance.
    public static func needs(_ parameters: Parameters) -> ExtractionNeeds {
        ExtractionNeeds(textBlocks: [parameters.textBlock.box],
                        inkProbeRegions: [parameters.textBlock.box.expanded(by: parameters.tolerance)],
                        lastLineDepths: [parameters.lastLineDepth])
    }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "contentWithin"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Text, images and vector graphics lie inside the text block within the tolerance, judged by the ink a fine render shows where boxes cross the block (text may hang lastLineDepth below the last baseline); overflows up to localOverflow are local (localSeverity); page numbers, stamps and a block that differs on many pages are one finding each; the running head and line numbers are allowed zones."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// Content outside the text block on one page and side.
        case main
        /// Page numbers in a margin, on several pages.
        case pageNumbers
        /// The same furniture (a footer, a stamp) in a margin on several pages.
        case repeated
        /// The text block does not fit on many pages.
        case geometry
    }

    /// Message templates by variant: `main` (content outside on one page and side), `pageNumbers`
    /// and `repeated` (the same furniture on several pages), `geometry` (the block does not fit on many pages).
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "{what} {overflow} pt into the {side} margin on page {page} (text block {side} edge {edge} pt, tolerance {tolerance} pt)"
        case .pageNumbers: "page numbers in the {side} margin on pages {pages} ({overflow} pt outside the text block)"
        case .repeated: "{what} repeated in the {side} margin on pages {pages}, up to {overflow} pt outside the text block"
        case .geometry: "the text block does not fit: content crosses the {edges} of the {block} text block on {pageCount} pages ({pages}), up to {overflow} pt"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["what", "overflow", "side", "edges", "page", "pages", "pageCount", "edge", "tolerance",
                                      "items", "block"]

    /// Where the check wants the ink: on every page, the parts outside the block (grown by the
    /// tolerance) of the boxes that cross it, lie in no allowed zone and cannot be believed as they
    /// are (`Candidate.trusted`); and, on such a page, the whole margin that holds one, out to the
    /// page's ink extent, so that a drawing beside a glyph box whose ink turns out to be inside is
    /// not missed (the render costs the same).
    public static func inkRegions(_ parameters: Parameters, in context: CheckContext) -> [Int: [Box]] {
        var regions: [Int: [Box]] = [:]
        for page in context.facts.pages where page.width > 0 && page.height > 0 {
            let screen = Screen(page: page, parameters: parameters, analysis: context.analysis)
            var pieces = screen.candidates.filter { !$0.trusted }.flatMap { screen.partsOutside($0.box.expanded(by: 1)) }
            guard !pieces.isEmpty else { continue }
            // The margins that hold a piece, out to the ink's extent there.
            if let extent = page.inkBox {
                let margins = screen.partsOutside(extent.expanded(by: 1))
                pieces += margins.filter { margin in pieces.contains { $0.intersects(margin) } }
            }
            regions[page.number] = pieces
        }
        return regions
    }

    /// Reports content outside the block: per page and side the worst overflow, the box around the
    /// offending items and up to 12 offending words; folded across pages for repeated furniture and
    /// for a block that differs on many pages.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        var items: [Item] = []
        for page in context.facts.pages where page.width > 0 && page.height > 0 {
            let screen = Screen(page: page, parameters: parameters, analysis: context.analysis)
            items += screen.items()
        }
        return Folding(parameters: parameters, pageCount: context.facts.pageCount).outcomes(for: items)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
