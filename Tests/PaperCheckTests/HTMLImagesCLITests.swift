import Foundation
import Testing

/// `--html-images`: a self-contained report for small batches, images in `REPORT_files/` beside
/// the report for big ones, each linked relatively and lazily loaded.
@Suite("--html-images")
struct HTMLImagesCLITests {
    static let papers = ["a4.pdf", "eleven_pages.pdf"].map(CLITests.fixture)

    @Test func folderModeWritesTheImagesBesideTheReportAndLinksThem() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("my report.html")
        let run = try CLITests.run(Self.papers + ["--output", report.path, "--html-images", "folder"])
        #expect(run.status == 1, "\(run.stderr)")
        let images = folder.appendingPathComponent("my report_files")
        let names = try FileManager.default.contentsOfDirectory(atPath: images.path).filter { $0.hasSuffix(".png") }
        #expect(!names.isEmpty)
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(!html.contains("data:image/png;base64,"))
        for name in names {
            // Linked relatively, the space percent-encoded, and loaded only when scrolled to.
            #expect(html.contains("src=\"my%20report_files/" + name.replacingOccurrences(of: " ", with: "%20") + "\""))
        }
        #expect(html.contains("loading=\"lazy\""))
        #expect(html.contains("img-src 'self'"))
    }

    @Test func autoEmbedsASmallBatchAndStandardOutputAlwaysEmbeds() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("small.html")
        _ = try CLITests.run(Self.papers + ["--output", report.path])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("small_files").path))
        #expect(try String(contentsOf: report, encoding: .utf8).contains("data:image/png;base64,"))
        let stdout = try CLITests.run(Self.papers + ["--format", "html"])
        #expect(stdout.stdout.contains("data:image/png;base64,"))
        let refused = try CLITests.run(Self.papers + ["--format", "html", "--html-images", "folder"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--html-images folder needs a report file"))
    }
}
