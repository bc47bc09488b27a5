import PaperFacts
import PaperRules

/// Plain-text pieces of a finding that several renderers print the same way.
enum FindingText {
    /// `300`, `541.5`, `571.44`: whole numbers without a decimal point.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// `page 2`, `pages 1-4`, or nil for a finding without a page.
    static func pages(of finding: Finding) -> String? {
        let pages = finding.allPages
        guard !pages.isEmpty else { return nil }
        return (Set(pages).count == 1 ? "page " : "pages ") + PageList.text(pages)
    }

    /// `x 541.5-571.44, y 300-310 pt (top-left origin)`.
    static func box(_ box: Box) -> String {
        "x \(number(box.x0))-\(number(box.x1)), y \(number(box.y0))-\(number(box.y1)) pt (top-left origin)"
    }

    /// `overflow=30, side=right`, sorted by name so output is stable.
    static func values(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    /// The evidence of a finding, one fact per line: where, what text, which values, how to fix it.
    static func evidence(_ finding: Finding) -> [String] {
        var lines: [String] = []
        if let pages = Self.pages(of: finding) { lines.append(pages) }
        if let box = finding.box { lines.append("box: " + Self.box(box)) }
        if let text = finding.text, !text.isEmpty { lines.append("text: " + text) }
        if !finding.values.isEmpty { lines.append("values: " + Self.values(finding.values)) }
        if !finding.hint.isEmpty { lines.append("fix: " + finding.hint) }
        if !finding.reference.isEmpty { lines.append("reference: " + finding.reference) }
        if finding.isWaived { lines.append("waived: " + (finding.waiver ?? "")) }
        return lines
    }
}
