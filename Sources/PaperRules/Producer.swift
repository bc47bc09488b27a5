import PaperFacts

/// The kind of tool a PDF was made with, read from its Creator and Producer entries, so that a
/// finding's hint speaks the author's language: LaTeX commands for LaTeX users, menus for Word users.
public enum Producer: String, CaseIterable, Sendable {
    /// TeX engines and their drivers: pdfTeX, LuaTeX, XeTeX, dvips, dvipdfmx.
    case latex
    /// Word processors: Microsoft Word, LibreOffice and OpenOffice Writer, Google Docs.
    case word

    /// Markers of each family in the lower-cased Creator and Producer (whole engine names, since
    /// "tex" alone is part of iText).
    private static let markers: [(Producer, [String])] = [
        (.latex, ["pdftex", "pdfetex", "latex", "luatex", "xetex", "tex live", "texlive", "miktex", "dvips",
                  "dvipdfm", "xdvipdfmx", "context", "tectonic"]),
        (.word, ["microsoft word", "microsoft® word", "microsoft office word", "word for", "libreoffice",
                 "openoffice", "writer", "google docs"]),
    ]

    /// The family of the tool that made the file, or nil when its entries name neither (PDFs
    /// printed by a driver or rewritten by a tool that drops the original names).
    public static func family(of metadata: DocumentMetadata) -> Producer? {
        let entries = [metadata.creator, metadata.producer].compactMap { $0?.lowercased() }.joined(separator: " | ")
        guard !entries.isEmpty else { return nil }
        return markers.first { _, words in words.contains { entries.contains($0) } }?.0
    }
}
