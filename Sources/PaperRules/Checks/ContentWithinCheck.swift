import PaperAnalysis
import PaperFacts

/// The text block as rules.json writes it: edges in points from the top-left corner of the page.
public struct TextBlock: Codable, Sendable, Equatable {
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
/// Colour does not matter for text; white paint is not ink for graphics. The bottom edge is the
/// last baseline, so descenders and subscripts of the last line are not violations.
public enum ContentWithinCheck: CheckKind {
    /// The `parameters` object of a `contentWithin` rule in rules.json.
    public struct Parameters: Codable, Sendable {
        /// The block content must stay inside, in points from the page's top-left corner.
        public var textBlock: TextBlock
        /// How far content may reach past each edge before it counts, in points.
        public var tolerance: Double
        /// Furniture allowed outside the block: "runningHead", "lineNumbers".
        public var allowedZones: [String]?
    }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "contentWithin"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Text (measured at its baseline at the bottom edge), images and vector graphics lie inside the text block within the tolerance; the running head and line numbers are allowed zones."
    /// Message templates by variant: only `main`.
    public static let defaultMessages = ["main": "{what} {overflow} pt into the {side} margin on page {page} (text block {side} edge {edge} pt, tolerance {tolerance} pt)"]
    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["what", "overflow", "side", "page", "edge", "tolerance", "items"]

    private struct Offence {
        var kind: String
        var box: Box
        var overflow: Double
        var text: String?
    }

    /// Reports, per page and side, the content past the block by more than the tolerance: one outcome with
    /// the worst overflow, the box around all offending items, and up to 12 offending words.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let block = parameters.textBlock
        let zones = Set(parameters.allowedZones ?? [])
        var outcomes: [CheckOutcome] = []
        for page in context.facts.pages where page.width > 0 && page.height > 0 {
            let allowed = allowedBoxes(on: page.number, zones: zones, analysis: context.analysis, block: block,
                                       tolerance: parameters.tolerance)
            func isAllowed(_ box: Box) -> Bool { allowed.contains { $0.contains(box) } }
            var offences: [String: [Offence]] = [:]
            func record(_ kind: String, _ box: Box, bottomEdge: Double, text: String?, slack: Double = 0) {
                guard !isAllowed(box) else { return }
                let overflows = ["left": block.left - box.x0, "right": box.x1 - block.right,
                                 "top": block.top - box.y0, "bottom": bottomEdge - block.bottom]
                for (side, overflow) in overflows where overflow > parameters.tolerance + slack {
                    offences[side, default: []].append(Offence(kind: kind, box: box, overflow: overflow, text: text))
                }
            }
            for line in page.lines {
                // Sub- and superscripts belong to their line: a subscript of the last line hangs below
                // the block's bottom edge by design, so it is measured at the baseline of the line's
                // full-size text.
                let main = line.words.max { $0.fontSize < $1.fontSize }
                for word in line.words {
                    let isScript = main.map { word.fontSize < $0.fontSize * 0.85 } ?? false
                    let bottom = isScript ? min(word.baseline, main?.baseline ?? word.baseline) : word.baseline
                    record("text", word.box, bottomEdge: bottom, text: word.text)
                }
            }
            let pageBox = Box(x0: 0, y0: 0, x1: page.width, y1: page.height)
            for image in page.images {
                guard let visible = image.intersection(pageBox) else { continue }
                record("image", visible, bottomEdge: visible.y1, text: nil)
            }
            // Rendered ink is found on a 2 pt grid; allow one pixel of slack.
            for ink in page.vectorInkOutside {
                record("graphics", ink, bottomEdge: ink.y1, text: nil, slack: 2)
            }
            for side in ["left", "right", "top", "bottom"] {
                guard let found = offences[side], let worst = found.max(by: { $0.overflow < $1.overflow }) else { continue }
                let kinds = ["text", "image", "graphics"].filter { kind in found.contains { $0.kind == kind } }
                let words = found.compactMap(\.text).prefix(12).joined(separator: " ")
                let edges: [String: Double] = ["left": block.left, "right": block.right, "top": block.top, "bottom": block.bottom]
                let edge = edges[side] ?? 0
                outcomes.append(CheckOutcome(
                    values: ["what": kinds.joined(separator: ", ").capitalizedFirst, "overflow": Format.points(worst.overflow),
                             "side": side, "page": "\(page.number)", "edge": Format.points(edge),
                             "tolerance": Format.points(parameters.tolerance), "items": "\(found.count)"],
                    page: page.number, box: Box.enclosing(found.map(\.box)), text: words.isEmpty ? nil : words))
            }
        }
        return outcomes
    }

    private static func allowedBoxes(on page: Int, zones: Set<String>, analysis: DocumentAnalysis, block: TextBlock,
                                     tolerance: Double) -> [Box] {
        var boxes: [Box] = []
        if zones.contains("lineNumbers") {
            boxes += analysis.lineNumbers.gutters.filter { $0.page == page }.map { $0.box.expanded(by: 2) }
        }
        if zones.contains("runningHead") {
            // The head and the rule under it span the width of the text block above its top edge.
            boxes += analysis.runningHeads.filter { $0.page == page }.map { head in
                Box(x0: min(block.left, head.box.x0) - tolerance, y0: head.box.y0 - 2,
                    x1: max(block.right, head.box.x1) + tolerance, y1: max(block.top, head.box.y1) + 1)
            }
        }
        return boxes
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
