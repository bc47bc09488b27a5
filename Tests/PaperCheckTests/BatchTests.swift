import Foundation
import Testing

/// Batch runs through worker processes: every input gets one result, crashes and hangs included.
@Suite("batch", .serialized)
struct BatchTests {
    static let fixtures = ["icml_submission.pdf", "a4.pdf", "one_column.pdf", "empty.pdf"].map(CLITests.fixture)

    static func jsonlResults(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("papercheck-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func workersGiveOneResultPerFileInInputOrder() throws {
        let run = try CLITests.run(Self.fixtures + ["--jobs", "2", "--format", "json"])
        #expect(run.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == Self.fixtures)
        #expect(files.map { $0["status"] as? String } == ["pass", "fail", "fail", "error"])
        #expect(files.allSatisfy { ($0["sha256"] as? String)?.count == 64 || $0["path"] as? String == Self.fixtures[3] })
        #expect(run.stderr.contains("4 files: 1 pass, 0 warn, 2 fail, 1 error"))
    }

    @Test func aCrashingWorkerCostsOnlyItsFile() throws {
        let run = try CLITests.run(Self.fixtures + ["--jobs", "2", "--format", "jsonl"],
                                   environment: ["PAPERCHECK_TEST_FAULT": "crash:a4.pdf"])
        let results = try Self.jsonlResults(run.stdout)
        #expect(results.count == 4)
        let crashed = try #require(results.first { ($0["path"] as? String)?.hasSuffix("a4.pdf") == true })
        #expect(crashed["status"] as? String == "error")
        #expect((crashed["error"] as? String)?.contains("crashed the reader: signal 6") == true)
        #expect(results.first { ($0["path"] as? String)?.hasSuffix("icml_submission.pdf") == true }?["status"] as? String == "pass")
        #expect(run.status == 2)
    }

    @Test func aHangingFileIsStoppedAtTheTimeout() throws {
        let started = Date()
        let run = try CLITests.run(Self.fixtures + ["--jobs", "2", "--timeout", "2", "--format", "csv"],
                                   environment: ["PAPERCHECK_TEST_FAULT": "hang:one_column.pdf"])
        #expect(Date().timeIntervalSince(started) < 30)
        let rows = run.stdout.split(separator: "\r\n")
        #expect(rows.count == 5)
        let hung = try #require(rows.first { $0.contains("one_column.pdf") })
        #expect(hung.contains(",error,") && hung.contains("took longer than 2 s"))
        #expect(run.status == 2)
    }

    @Test func resumeSkipsFilesAlreadyDone() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("run.jsonl").path
        let first = try CLITests.run(Array(Self.fixtures.prefix(2)) + ["--format", "jsonl", "--output", log])
        #expect(first.status == 1)
        // A crash on a4.pdf would show if it were checked again; it is taken from the log instead.
        let second = try CLITests.run(Self.fixtures + ["--format", "jsonl", "--output", log, "--resume", log],
                                      environment: ["PAPERCHECK_TEST_FAULT": "crash:a4.pdf"])
        let results = try Self.jsonlResults(try String(contentsOfFile: log, encoding: .utf8))
        #expect(results.count == 4)
        #expect(results.filter { ($0["path"] as? String)?.hasSuffix("a4.pdf") == true }.map { $0["status"] as? String } == ["fail"])
        #expect(second.status == 2)
    }

    @Test func directoriesStdinAndSymlinkLoops() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let nested = folder.appendingPathComponent("track/sub")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixtures[0], toPath: folder.appendingPathComponent("track/A.PDF").path)
        try FileManager.default.copyItem(atPath: Self.fixtures[1], toPath: nested.appendingPathComponent("b.pdf").path)
        try Data("not a pdf".utf8).write(to: nested.appendingPathComponent("notes.txt"))
        try FileManager.default.createSymbolicLink(atPath: nested.appendingPathComponent("loop").path, withDestinationPath: folder.path)
        let run = try CLITests.run([folder.path, "--format", "jsonl", "--jobs", "2"])
        let paths = try Self.jsonlResults(run.stdout).compactMap { $0["path"] as? String }.sorted()
        #expect(paths == [folder.path + "/track/A.PDF", folder.path + "/track/sub/b.pdf"])

        let list = folder.appendingPathComponent("list.txt")
        try Data((Self.fixtures.prefix(2).joined(separator: "\n") + "\n").utf8).write(to: list)
        let fromStdin = try CLITests.run(["-", "--format", "jsonl"], standardInput: list)
        #expect(try Self.jsonlResults(fromStdin.stdout).count == 2)
    }

    /// How to run the binary so that folder permissions hold: root reads every folder, so for root
    /// it runs without the capabilities that bypass them (nil: this machine cannot do that).
    static var launcherHonouringPermissions: [String]? {
        guard getuid() == 0 else { return [] }
        let setpriv = "/usr/bin/setpriv"
        guard FileManager.default.isExecutableFile(atPath: setpriv) else { return nil }
        return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]
    }

    @Test func folderWalkHidesNothing() throws {
        let folder = try Self.temporaryDirectory()
        let locked = folder.appendingPathComponent("locked")
        defer {
            chmod(locked.path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent(".drafts"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent(".git/objects"), withIntermediateDirectories: true)
        try manager.createDirectory(at: locked, withIntermediateDirectories: true)
        try manager.copyItem(atPath: Self.fixtures[0], toPath: folder.appendingPathComponent(".hidden.pdf").path)
        try manager.copyItem(atPath: Self.fixtures[0], toPath: folder.appendingPathComponent(".drafts/c.pdf").path)
        try manager.copyItem(atPath: Self.fixtures[0], toPath: folder.appendingPathComponent(".git/objects/x.pdf").path)
        try manager.copyItem(atPath: Self.fixtures[0], toPath: locked.appendingPathComponent("d.pdf").path)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("broken.pdf").path, withDestinationPath: "gone.pdf")
        // A name that is not UTF-8: "bad", byte 0xFF, ".pdf".
        let badName = Array(folder.path.utf8) + Array("/bad".utf8) + [0xFF] + Array(".pdf".utf8)
        let descriptor = open(badName.map { CChar(bitPattern: $0) } + [0], O_CREAT | O_WRONLY, 0o644)
        try #require(descriptor >= 0)
        close(descriptor)
        chmod(locked.path, 0)
        let launcher = Self.launcherHonouringPermissions
        let run = try CLITests.run([folder.path, "--format", "jsonl", "--jobs", "2"], launcher: launcher ?? [])
        let results = try Self.jsonlResults(run.stdout)
        let byPath = Dictionary(uniqueKeysWithValues: results.map { ($0["path"] as? String ?? "", $0["status"] as? String) })
        #expect(results.map { $0["path"] as? String ?? "" }.sorted()
            == [".drafts/c.pdf", ".hidden.pdf", "broken.pdf"].map { folder.path + "/" + $0 })
        #expect(byPath[folder.path + "/.hidden.pdf"] == "pass")
        #expect(byPath[folder.path + "/broken.pdf"] == "error")
        let warnings = run.stderr.split(separator: "\n").filter { $0.hasPrefix("papercheck: warning: ") }
        #expect(warnings.contains { $0.contains(folder.path + "/bad\\xFF.pdf") }, "\(run.stderr)")
        if launcher != nil {
            #expect(warnings.contains { $0.contains(locked.path) }, "\(run.stderr)")
        }
    }

    @Test func stdinListKeepsSpacesAndAnEmptyListIsZeroFiles() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spaced = folder.appendingPathComponent(" spaced paper.pdf ")
        try FileManager.default.copyItem(atPath: Self.fixtures[0], toPath: spaced.path)
        let list = folder.appendingPathComponent("list.txt")
        try Data((spaced.path + "\r\n\r\n\n" + Self.fixtures[1] + "\n").utf8).write(to: list)
        let run = try CLITests.run(["-", "--format", "jsonl"], standardInput: list)
        // JSONL lines come as files finish.
        let statuses = try Self.jsonlResults(run.stdout).map { ($0["path"] as? String ?? "", $0["status"] as? String ?? "") }
        #expect(Dictionary(statuses) { first, _ in first } == [spaced.path: "pass", Self.fixtures[1]: "fail"])

        // A repository without PDFs: `git ls-files '*.pdf' | papercheck - --format github`.
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let none = try CLITests.run(["-", "--format", "github"], standardInput: empty)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout.isEmpty)
        let human = try CLITests.run(["-"], standardInput: empty)
        #expect(human.status == 0)
        #expect(human.stdout.contains("0 files checked"))
        // Named paths that hold no PDF stay a usage error.
        let noPDFs = folder.appendingPathComponent("no-pdfs")
        try FileManager.default.createDirectory(at: noPDFs, withIntermediateDirectories: true)
        #expect(try CLITests.run([noPDFs.path]).status == 64)
        #expect(try CLITests.run([noPDFs.path, "-"], standardInput: empty).status == 64)
    }

    @Test func shardsSplitTheInputsWithoutOverlap() throws {
        var seen: [String] = []
        for index in 1...3 {
            let run = try CLITests.run(Self.fixtures + ["--shard", "\(index)/3", "--format", "jsonl", "--jobs", "1"])
            seen += try Self.jsonlResults(run.stdout).compactMap { $0["path"] as? String }
        }
        #expect(seen.sorted() == Self.fixtures.sorted())
        #expect(try CLITests.run(Self.fixtures + ["--shard", "4/3"]).status == 64)
    }

    @Test func interruptStopsWorkersKeepsWhatIsDoneAndExits130() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("partial.json").path
        let process = try CLITests.start(Self.fixtures + ["--jobs", "1", "--format", "json", "--output", output, "--timeout", "100"],
                                         hangingOn: "a4.pdf")
        Thread.sleep(forTimeInterval: 3)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.first?["status"] as? String == "pass")
        #expect(files.count < Self.fixtures.count)
    }

    @Test func fuzzedAndMalformedPDFsAllGetAResult() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fuzz = Process()
        fuzz.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        fuzz.arguments = ["python3", CLITests.root.appendingPathComponent("Scripts/fuzz.py").path, folder.path, "--count", "200"]
        fuzz.standardOutput = FileHandle.nullDevice
        try fuzz.run()
        fuzz.waitUntilExit()
        #expect(fuzz.terminationStatus == 0, "Scripts/fuzz.py needs python3")
        var inputs = [folder.path]
        var expected = 200
        let corpus = CLITests.root.deletingLastPathComponent().appendingPathComponent("shared/corpus/pdfs")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) {
            let malformed = names.filter { $0.hasPrefix("malformed_") || $0.hasPrefix("encrypted_") }.sorted()
            inputs += malformed.map { corpus.appendingPathComponent($0).path }
            expected += malformed.count
        }
        let run = try CLITests.run(inputs + ["--jobs", "2", "--timeout", "30", "--format", "jsonl"])
        let results = try Self.jsonlResults(run.stdout)
        #expect(results.count == expected)
        #expect(Set(results.compactMap { $0["path"] as? String }).count == expected)
        #expect(run.status == 2)
    }
}
