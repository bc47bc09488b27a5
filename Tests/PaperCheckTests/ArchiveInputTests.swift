import Foundation
import Testing

/// Zip archives as inputs of the command line: one result per PDF member (`archive.zip!/name`),
/// checked in place exactly as files are, and one error result per refusal.
@Suite("archive inputs", .serialized)
struct ArchiveInputTests {
    struct Expected: Decodable, CustomTestStringConvertible, Sendable {
        struct Result: Decodable, Sendable {
            var member: String?
            var status: String
            var errorCode: String?
            var errors: [String]
            var sameAs: String?
        }

        var archive: String
        var profile: String
        var exitStatus: Int32
        var warnings: [String]
        var results: [Result]
        var testDescription: String { archive }
    }

    static func expectations() -> [Expected] {
        struct File: Decodable { var archives: [Expected] }
        guard let data = try? Data(contentsOf: ArchiveReadingTests.archives.appendingPathComponent("expected.json")),
              let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.archives
    }

    static func files(_ run: CLITests.Run) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return try #require(object["files"] as? [[String: Any]])
    }

    /// An archive in `folder` whose one member, `9/paper.pdf`, is the fixture `fixture`.
    static func archive(holding fixture: String, named name: String, in folder: URL) throws -> URL {
        let archive = folder.appendingPathComponent(name)
        try ZipBuilder.write([ZipBuilder.Entry("9/paper.pdf", Array(try Data(contentsOf: URL(fileURLWithPath: CLITests.fixture(fixture)))))],
                             to: archive)
        return archive
    }

    /// What must be the same for a member and the PDF file it holds.
    static func findings(_ file: [String: Any]) -> [String] {
        ((file["findings"] as? [[String: Any]]) ?? []).map { finding in
            [finding["ruleId"], finding["severity"], finding["message"], finding["page"]].map { "\($0 ?? "-")" }.joined(separator: " | ")
        }
    }

    @Test func theGroundTruthIsThere() {
        #expect(Self.expectations().map(\.archive).sorted()
                == ["bomb.zip", "bomb_lying.zip", "nested.zip", "notazip.zip", "submissions.zip", "traversal.zip"])
    }

    @Test("each archive fixture gives its ground truth", arguments: expectations())
    func archiveFixture(_ expected: Expected) throws {
        let archive = ArchiveReadingTests.archive(expected.archive)
        let run = try CLITests.run([archive, "--profile", expected.profile, "--format", "json"])
        #expect(run.status == expected.exitStatus, "\(run.stderr)")
        for warning in expected.warnings { #expect(run.stderr.contains(warning), "\(run.stderr)") }
        let files = try Self.files(run)
        #expect(files.map { $0["path"] as? String } == expected.results.map { $0.member.map { archive + "!/" + $0 } ?? archive })
        for (file, result) in zip(files, expected.results) {
            let status = file["status"] as? String == "warn" ? "pass" : file["status"] as? String
            #expect(status == result.status)
            #expect(file["errorCode"] as? String == result.errorCode)
            let errors = ((file["findings"] as? [[String: Any]]) ?? []).filter { $0["severity"] as? String == "error" }.compactMap { $0["ruleId"] as? String }
            #expect(Set(errors) == Set(result.errors))
            if let error = file["error"] as? String {
                // One line that names the input and says what to do; the hint is the archive one.
                #expect(error.hasPrefix((file["path"] as? String ?? "") + ": ") && !error.contains("\n") && error.contains("; "), "\(error)")
                let hint = ((file["findings"] as? [[String: Any]])?.first?["hint"] as? String) ?? ""
                #expect(hint.contains("zip archive") && !hint.contains("Export the paper again"), "\(hint)")
            }
            guard let sameAs = result.sameAs else { continue }
            // Checked in place, a member gives what its file gives: findings and sha256.
            let pdf = FixtureTests.fixtures.appendingPathComponent(sameAs).path
            let alone = try #require(try Self.files(CLITests.run([pdf, "--profile", expected.profile, "--format", "json"])).first)
            #expect(Self.findings(file) == Self.findings(alone))
            #expect(file["pages"] as? Int == alone["pages"] as? Int)
            #expect(file["sha256"] as? String == alone["sha256"] as? String && (file["sha256"] as? String)?.count == 64)
        }
    }

    /// Every file below `folder`, with its bytes' size, for comparing before and after a run.
    static func tree(_ folder: URL) -> [String: Int] {
        var found: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])
        while let url = enumerator?.nextObject() as? URL {
            found[url.path] = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? -1
        }
        return found
    }

    @Test func refusedArchivesWriteNothingAndAFolderHoldingThemIsWalkedIntoThem() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("downloads/track a")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for name in ["traversal.zip", "bomb.zip", "bomb_lying.zip", "notazip.zip"] {
            try FileManager.default.copyItem(atPath: ArchiveReadingTests.archive(name), toPath: inputs.appendingPathComponent(name).path)
        }
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let before = Self.tree(folder)
        let outside = ["/evil.pdf", "/abs.pdf", folder.appendingPathComponent("evil.pdf").path].filter { !FileManager.default.fileExists(atPath: $0) }
        let run = try CLITests.run([folder.appendingPathComponent("downloads").path, "--format", "json", "--jobs", "2"],
                                   environment: ["TMPDIR": temporary.path])
        #expect(run.status == 2)
        let files = try Self.files(run)
        let prefix = inputs.path + "/"
        #expect(files.map { $0["path"] as? String } == [
            prefix + "bomb.zip!/bomb.pdf", prefix + "bomb_lying.zip!/bomb.pdf", prefix + "notazip.zip",
            prefix + "traversal.zip!/../../evil.pdf", prefix + "traversal.zip!//abs.pdf", prefix + "traversal.zip!/good.pdf",
        ])
        #expect(files.map { $0["errorCode"] as? String } == ["archive-bomb", "archive-bomb", "archive-unreadable",
                                                              "archive-unsafe-path", "archive-unsafe-path", nil])
        // Nothing extracted: the folders hold what they held, the temporary folder stays empty,
        // and no member name reached the file system.
        #expect(Self.tree(folder) == before)
        #expect(Self.tree(temporary).isEmpty)
        for path in outside { #expect(!FileManager.default.fileExists(atPath: path), "\(path)") }
    }

    @Test func aFolderWithAZipAmongPDFsGivesTheMembersInPlaceAndNotesDuplicates() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: CLITests.fixture("icml_submission.pdf"), toPath: folder.appendingPathComponent("a.pdf").path)
        let batch = folder.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: batch, withIntermediateDirectories: true)
        let archive = batch.appendingPathComponent("Submissions.ZIP").path
        try FileManager.default.copyItem(atPath: ArchiveReadingTests.archive("submissions.zip"), toPath: archive)
        let run = try CLITests.run([folder.path, "--format", "json"])
        let files = try Self.files(run)
        #expect(files.map { $0["path"] as? String } == [folder.path + "/a.pdf", archive + "!/101/paper.pdf", archive + "!/102/paper.PDF"])
        // The stored member is the same bytes as a.pdf.
        #expect(files[1]["duplicateOf"] as? String == folder.path + "/a.pdf")
        #expect(run.stderr.contains("3 files: 2 pass, 0 warn, 1 fail, 0 error; 1 duplicate"), "\(run.stderr)")
        // A member named on the command line is checked alone, as the folder run checked it.
        let alone = try Self.files(CLITests.run([archive + "!/102/paper.PDF", "--format", "json"]))
        #expect(alone.count == 1 && Self.findings(alone[0]) == Self.findings(files[2]))
        // An archive listed on stdin stands for its members too.
        let list = folder.appendingPathComponent("list.txt")
        try Data((archive + "\n").utf8).write(to: list)
        let listed = try Self.files(CLITests.run(["-", "--format", "json"], standardInput: list))
        #expect(listed.map { $0["path"] as? String } == [archive + "!/101/paper.pdf", archive + "!/102/paper.PDF"])
    }

    @Test func resumeReusesAMembersLine() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = ArchiveReadingTests.archive("submissions.zip")
        let log = folder.appendingPathComponent("run.jsonl").path
        let first = try CLITests.run([archive, "--format", "jsonl", "--output", log])
        #expect(first.status == 1)
        // A crash on paper.PDF would show if it were checked again; its line is reused instead.
        let second = try CLITests.run([archive, ArchiveReadingTests.archive("traversal.zip"), "--format", "jsonl", "--output", log, "--resume", log],
                                      environment: ["PAPERCHECK_TEST_FAULT": "crash:paper.PDF"])
        #expect(second.status == 2)
        let results = try BatchTests.jsonlResults(try String(contentsOfFile: log, encoding: .utf8))
        #expect(results.count == 5)
        let member = results.filter { $0["path"] as? String == archive + "!/102/paper.PDF" }
        #expect(member.map { $0["status"] as? String } == ["fail"])
        #expect(results.filter { $0["errorCode"] as? String == "archive-unsafe-path" }.count == 2)
    }

    @Test func shardsSplitMembersByTheirPaths() throws {
        let inputs = [ArchiveReadingTests.archive("submissions.zip"), ArchiveReadingTests.archive("traversal.zip")]
        let shards = try (1...2).map { index in
            try BatchTests.jsonlResults(CLITests.run(inputs + ["--shard", "\(index)/2", "--format", "jsonl"]).stdout).compactMap { $0["path"] as? String }
        }
        #expect(Set(shards[0]).isDisjoint(with: shards[1]))
        #expect(Set(shards[0] + shards[1]).count == 5)
    }

    @Test func annotatedPagesAndTheHTMLReportShowMembers() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("margins.zip")
        try ZipBuilder.write([
            ZipBuilder.Entry("7/paper.pdf", Array(try Data(contentsOf: URL(fileURLWithPath: CLITests.fixture("margin_text.pdf"))))),
            ZipBuilder.Entry("8/paper.pdf", Array(try Data(contentsOf: URL(fileURLWithPath: CLITests.fixture("margin_vector.pdf"))))),
        ], to: archive)
        let pages = folder.appendingPathComponent("pages")
        let html = folder.appendingPathComponent("report.html")
        let csv = folder.appendingPathComponent("report.csv")
        let run = try CLITests.run([archive.path, "--annotate", pages.path, "--output", html.path, "--output", csv.path])
        #expect(run.status == 1)
        let images = try FileManager.default.contentsOfDirectory(atPath: pages.path).sorted()
        #expect(images.count == 2 && images.allSatisfy { $0.hasPrefix("paper-") && $0.hasSuffix("_p1.png") }, "\(images)")
        let report = try String(contentsOf: html, encoding: .utf8)
        #expect(report.contains("margins.zip!/7/paper.pdf") && report.components(separatedBy: "data:image/png").count >= 3)
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\r\n")
        #expect(rows.dropFirst().map { $0.split(separator: ",").first.map(String.init) } == [archive.path + "!/7/paper.pdf", archive.path + "!/8/paper.pdf"])
        // The archive is an input: no report replaces it.
        let refused = try CLITests.run([archive.path, "--output", archive.path, "--format", "json"])
        #expect(refused.status == 64)
        #expect(try Data(contentsOf: archive).count > 100_000)
    }

    @Test func anEncryptedMemberOpensWithItsPassword() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try Self.archive(holding: "encrypted.pdf", named: "locked.zip", in: folder)
        let codes = try [[], ["--password", "secret"], ["--password", "guess"]].map { extra in
            try Self.files(CLITests.run([archive.path, "--format", "json"] + extra)).first?["errorCode"] as? String ?? "none"
        }
        #expect(codes == ["encrypted", "none", "wrong-password"])
    }

    /// The first worker is forked; in it, the member is opened while its digest is read on
    /// another thread, and both first reach the same lazily made cache. Run on the fork's main
    /// thread (which keeps its parent's thread id in the Swift runtime's locks), that contended
    /// first use never returned and the member timed out: about half the runs of the release
    /// build, fewer of the debug build, whose forked worker now asserts it is off the main
    /// thread so that every run here would crash. Sixty runs in a row, each must be checked.
    @Test func aForkedWorkerChecksAMemberEveryTime() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try Self.archive(holding: "margin_text.pdf", named: "one.zip", in: folder)
        for attempt in 1...60 {
            let run = try CLITests.run([archive.path, "--format", "json", "--timeout", "300"])
            let file = try #require(try Self.files(run).first)
            #expect(file["errorCode"] == nil && run.status == 1, "run \(attempt): \(file["errorCode"] ?? "-")")
            if file["errorCode"] != nil { break }
        }
    }

    @Test func inspectReadsAMember() throws {
        let member = ArchiveReadingTests.archive("submissions.zip") + "!/101/paper.pdf"
        let run = try CLITests.run(["inspect", member, "--json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let facts = try #require(object["facts"] as? [String: Any])
        #expect(facts["path"] as? String == member && (facts["pages"] as? [Any])?.count == 4)
        let missing = try CLITests.run(["inspect", ArchiveReadingTests.archive("submissions.zip") + "!/nope.pdf"])
        #expect(missing.status == 2 && missing.stderr.contains("no member of this name"))
    }
}
