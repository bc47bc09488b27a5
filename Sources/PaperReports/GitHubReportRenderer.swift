import PaperRules

/// GitHub Actions workflow commands: one annotation line per finding, which GitHub shows on the
/// run's summary and, for files in the repository, on the pull request.
///
/// `::error file=papers/a.pdf,title=margins (page 2)::Text 30 pt into the right margin...%0Afix: ...`
///
/// - errors are `::error`, warnings `::warning`, info findings `::notice`;
/// - a waived finding is a `::notice` whose message starts with `waived (reason):`;
/// - run-level notices (unmatched waivers) carry no `file`;
/// - the hint follows the message on a second line of the annotation (an escaped line break).
///
/// Escaping follows GitHub's rules: in the message `%`, CR and LF become `%25`, `%0D`, `%0A`; in
/// property values `:` and `,` also become `%3A` and `%2C`. Every other control character (C0,
/// DEL, C1) and the bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069) are
/// percent-encoded the same way, byte by byte of their UTF-8 (`%1B`, `%C2%9B`, `%E2%80%AE`), so
/// a PDF's text cannot drive the terminal that shows the log or reorder what it shows.
public struct GitHubReportRenderer: ReportRenderer {
    /// A renderer; it holds no state.
    public init() {}

    /// One workflow command per line, findings of each file in order, then the notices.
    public func render(_ report: Report) -> String {
        var lines: [String] = []
        for file in report.files {
            for finding in file.findings { lines.append(command(for: finding, path: file.path)) }
        }
        for notice in report.notices ?? [] { lines.append(command(for: notice, path: nil)) }
        return lines.map { $0 + "\n" }.joined()
    }

    private func command(for finding: Finding, path: String?) -> String {
        let name: String
        var message = finding.message
        if finding.isWaived {
            name = "notice"
            message = "waived (\(finding.waiver ?? "")): " + message
        } else {
            switch finding.severity {
            case .error: name = "error"
            case .warning: name = "warning"
            case .info: name = "notice"
            }
        }
        if !finding.hint.isEmpty { message += "\nfix: " + finding.hint }
        var title = finding.ruleId
        if let pages = FindingText.pages(of: finding) { title += " (\(pages))" }
        var properties: [(String, String)] = []
        if let path { properties.append(("file", path)) }
        properties.append(("title", title))
        let propertyText = properties.map { $0.0 + "=" + Self.escapeProperty($0.1) }.joined(separator: ",")
        return "::\(name) \(propertyText)::\(Self.escapeData(message))"
    }

    /// Escapes a command's message: `%`, and control characters and bidi overrides.
    static func escapeData(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "%" || TerminalText.isControl(scalar) {
                for byte in String(scalar).utf8 { out += "%" + hex(byte) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// Escapes a property value: as the message, plus `:` and `,`, which delimit properties.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
