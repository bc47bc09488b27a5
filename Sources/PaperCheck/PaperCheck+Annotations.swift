import Foundation
import PDFExtraction

extension PaperCheck {
    /// PNGs of the pages of a checked file that carry located evidence, with each finding's box
    /// drawn and labelled by its rule id and the profile's text block outlined: for `--annotate DIR`
    /// and the thumbnails of the HTML report (`HTMLReportRenderer(profile:images:)`).
    ///
    /// A page is drawn when a finding no waiver covers has a `page` and a `box`. Findings without a
    /// box (page count, fonts) have nothing to point at, and waived ones are settled, so they are
    /// not drawn. The pages with the most severe evidence come first when `maxPages` leaves some
    /// out. Never throws: a file that cannot be opened (or has no located evidence) yields no images.
    ///
    /// - Parameters:
    ///   - report: the file's report, from `check`.
    ///   - profile: the profile it was checked against; its `contentWithin` rules give the text blocks outlined.
    ///   - maxPages: at most this many pages are rendered.
    ///   - dpi: resolution of the PNGs (100 dpi makes a Letter page 850 x 1100 px).
    /// - Returns: PNG bytes by 1-based page number.
    public static func annotatedPages(for report: FileReport, profile: Profile, password: String? = nil,
                                      maxPages: Int = 6, dpi: Double = 100) -> [Int: Data] {
        var marks: [Int: [PageMark]] = [:]
        var worst: [Int: Severity] = [:]
        for finding in report.findings where !finding.isWaived {
            guard let page = finding.page, let box = finding.box else { continue }
            marks[page, default: []].append(PageMark(box: box, label: finding.ruleId, severity: finding.severity))
            worst[page] = max(worst[page] ?? .info, finding.severity)
        }
        let chosen = marks.keys.sorted { (worst[$0] ?? .info, -$0) > (worst[$1] ?? .info, -$1) }.prefix(max(0, maxPages))
        guard !chosen.isEmpty else { return [:] }
        let pages = Dictionary(uniqueKeysWithValues: chosen.map { ($0, marks[$0] ?? []) })
        return (try? AnnotatedPageRenderer.render(path: report.path, password: password, pages: pages,
                                                  textBlocks: profile.needs.textBlocks, dpi: dpi)) ?? [:]
    }
}

extension PaperCheck {
    /// The PNG file name for a page of an input: derived from the file's name, sanitized, and made
    /// unique among `allPaths` (files of the same name in different folders get a short hash).
    public static func pageImageName(for path: String, page: Int, among allPaths: [String]) -> String {
        AnnotatedPageRenderer.fileName(for: path, page: page, among: allPaths)
    }

    /// The page-image name stems of many inputs at once, in their order (`paper`, `paper-3f2a9c`
    /// for namesakes): `pageImageName` for a whole batch, in linear time.
    public static func pageImageStems(for paths: [String]) -> [String] {
        AnnotatedPageRenderer.fileStems(for: paths)
    }
}
