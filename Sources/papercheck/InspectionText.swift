import Foundation
import PaperCheck

/// The facts of `papercheck inspect` for reading: metadata, pages, fonts and what analysis found.
/// Every string from the PDF or its path is shown with its control characters escaped
/// (`TerminalText`), so a file cannot drive the terminal.
enum InspectionText {
    static func render(_ facts: DocumentFacts, _ analysis: DocumentAnalysis) -> String {
        var lines: [String] = []
        let meta = facts.metadata
        lines.append("file       \(shown(facts.path)) (\(meta.fileSize) bytes, PDF \(shown(meta.pdfVersion ?? "?"))\(meta.isEncrypted ? ", encrypted" : ""))")
        for field in DocumentMetadata.fieldNames where field != "pdfVersion" {
            if let value = meta.value(of: field), !value.isEmpty {
                lines.append(field.padding(toLength: 11, withPad: " ", startingAt: 0) + shown(value))
            }
        }
        var sizes: [String: [Int]] = [:]
        for page in facts.pages { sizes["\(points(page.width)) x \(points(page.height)) pt", default: []].append(page.number) }
        lines.append("pages      \(facts.pageCount): " + sizes.sorted { $0.value[0] < $1.value[0] }
            .map { "\($0.key) (\($0.value.count))" }.joined(separator: ", "))
        if let style = analysis.bodyStyle {
            lines.append("body       \(shown(style.fontName)) \(points(style.fontSize)) pt on \(style.baselineStep.map(points) ?? "?") pt baselines, \(Int((style.familyShare * 100).rounded()))% of \(style.characterCount) characters")
        } else {
            lines.append("body       no body text found")
        }
        if let columns = analysis.columns {
            let gutter = columns.gutter.map { ", gutter x \(points($0.lowerBound))-\(points($0.upperBound))" } ?? ""
            lines.append("columns    \(columns.count)\(gutter) (\(columns.narrowLines) of \(columns.linesCounted) body lines narrow)")
        }
        if let end = analysis.bodyEnd {
            lines.append("body end   \"\(shown(end.heading.text))\" on page \(end.heading.page): \(end.bodyPages) body pages")
        } else {
            lines.append("body end   no References or Acknowledgements heading found")
        }
        lines.append("headings   " + (analysis.headings.isEmpty ? "none" : analysis.headings.prefix(30)
            .map { "p\($0.page) \"\(shown($0.text))\"" }.joined(separator: ", ")))
        lines.append("line nos.  " + (analysis.lineNumbers.isPresent
            ? "pages \(analysis.lineNumbers.pages.map(String.init).joined(separator: ","))" : "none"))
        lines.append("run. head  " + (analysis.runningHeads.first.map { "\"\(shown($0.text))\" on \(analysis.runningHeads.count) pages" } ?? "none"))
        let inked = facts.pages.filter { $0.ink != nil }
        lines.append("ink        " + (inked.isEmpty ? "no margin needed a render"
            : "margins rendered on pages \(PageList.text(inked.map(\.number))), \(inked.reduce(0) { $0 + ($1.ink?.marks.count ?? 0) }) marks of ink outside the block"))
        let unreadable = analysis.extractability.unreadablePages
        lines.append("text       " + (unreadable.isEmpty ? "extractable on every page" : "not extractable on pages \(unreadable.map(String.init).joined(separator: ","))"))
        if let guess = analysis.language {
            let best = guess.best.map { "\($0.name) (\(Int(($0.confidence * 100).rounded()))%)" } ?? "undetermined"
            let shares = guess.shares.prefix(3).map { "\($0.code) \(Int(($0.share * 100).rounded()))%" }.joined(separator: ", ")
            lines.append("language   \(best)" + (shares.isEmpty ? "" : "; shares \(shares)") + ", \(guess.analyzedCharacters) characters")
        }
        lines.append("fonts      \(facts.fonts.count)")
        for font in facts.fonts {
            let flags = [font.isEmbedded ? "embedded" : "NOT embedded", font.isSubset ? "subset" : nil].compactMap { $0 }
            lines.append("  \(shown(font.name).padding(toLength: 36, withPad: " ", startingAt: 0)) \(font.type.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(flags.joined(separator: ", ")); pages \(font.pages.map(String.init).joined(separator: ","))")
        }
        return lines.joined(separator: "\n")
    }

    private static func shown(_ text: String) -> String { TerminalText.escaped(text) }

    static func points(_ value: Double) -> String {
        String(format: "%.2f", value).replacingOccurrences(of: ".00", with: "")
    }
}
