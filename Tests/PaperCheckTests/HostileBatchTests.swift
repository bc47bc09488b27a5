import Foundation
import PaperCheck
import Testing

/// What an organizer's batch meets from untrusted uploads and hostile setups: special files,
/// crashing files by the hundred, signals from a scheduler, outputs that must not be clobbered,
/// resume files from another run. Each test failed before the fix it guards.
@Suite("hostile batches", .serialized)
struct HostileBatchTests {
    static func folder() throws -> URL { try BatchTests.temporaryDirectory() }

    static func lines(_ text: String) throws -> [[String: Any]] { try BatchTests.jsonlResults(text) }

    @Test func aPipeNamedLikeAPDFIsOneResultAndNoHang() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("upload.pdf").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let zero = folder.appendingPathComponent("zero.pdf").path
        try FileManager.default.createSymbolicLink(atPath: zero, withDestinationPath: "/dev/zero")
        // --resume hashes inputs in the coordinator: a pipe must not be opened there either.
        let log = folder.appendingPathComponent("run.jsonl").path
        let run = try CLITests.run([fifo, zero, CLITests.fixture("a4.pdf"), "--format", "jsonl", "--timeout", "20",
                                    "--output", log, "--resume", log])
        let results = try Self.lines(try String(contentsOfFile: log, encoding: .utf8))
        #expect(results.count == 3)
        for path in [fifo, zero] {
            let result = try #require(results.first { $0["path"] as? String == path })
            #expect(result["errorCode"] as? String == "not-a-file")
        }
        #expect(run.status == 2)
    }

    @Test func hundredsOfCrashesUnderALowFileLimitEachGetTheirResult() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // One copy of a crashing file per folder, all named alike, so the fault hits every one.
        for index in 0..<120 {
            let sub = folder.appendingPathComponent("s\(index)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: CLITests.fixture("a4.pdf"), toPath: sub.appendingPathComponent("crash.pdf").path)
        }
        let binary = try #require(CLITests.binary).path
        let run = try CLITests.run(["-c", "ulimit -n 64; exec \"$0\" \"$1\" --jobs 2 --format jsonl", binary, folder.path],
                                   environment: ["PAPERCHECK_TEST_FAULT": "crash:crash.pdf"], executable: "/bin/bash")
        let results = try Self.lines(run.stdout)
        #expect(results.count == 120, "file descriptors leaked: \(run.stderr.suffix(300))")
        let others = results.filter { $0["errorCode"] as? String != "crashed" }
        #expect(others.isEmpty, "not 'crashed': \(others.prefix(3)) \(run.stderr.suffix(300))")
        #expect(run.status == 2)
    }

    /// A descriptor inherited above a lowered limit (as a test runner's pipe was in CI) once made
    /// every worker start fail with EBADF.
    @Test func aDescriptorInheritedAboveTheLimitDoesNotStopWorkersStarting() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for index in 0..<12 {
            let sub = folder.appendingPathComponent("s\(index)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: CLITests.fixture("a4.pdf"), toPath: sub.appendingPathComponent("crash.pdf").path)
        }
        let binary = try #require(CLITests.binary).path
        let run = try CLITests.run(["-c", "exec 90</dev/null; ulimit -n 64; exec \"$0\" \"$1\" --jobs 2 --format jsonl", binary, folder.path],
                                   environment: ["PAPERCHECK_TEST_FAULT": "crash:crash.pdf"], executable: "/bin/bash")
        let results = try Self.lines(run.stdout)
        #expect(results.count == 12)
        let others = results.filter { $0["errorCode"] as? String != "crashed" }
        #expect(others.isEmpty, "not 'crashed': \(others.prefix(2))")
    }

    @Test func oneFileAloneIsCheckedInAWorkerSoTheTimeoutHolds() throws {
        let started = Date()
        let run = try CLITests.run([CLITests.fixture("one_column.pdf"), "--timeout", "2", "--format", "json"],
                                   environment: ["PAPERCHECK_TEST_FAULT": "hang:one_column.pdf"])
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(run.stdout.contains("\"errorCode\" : \"timeout\""))
        #expect(run.status == 2)
        // A crash of the only file is its result, not the end of the run.
        let crashed = try CLITests.run([CLITests.fixture("a4.pdf"), "--format", "json"],
                                       environment: ["PAPERCHECK_TEST_FAULT": "crash:a4.pdf"])
        #expect(crashed.stdout.contains("crashed the reader"))
        #expect(crashed.status == 2)
    }

    @Test func sigtermStopsLikeCtrlCWritesWhatIsDoneAndExits143() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.json").path
        let process = try CLITests.start([CLITests.fixture("a4.pdf"), CLITests.fixture("one_column.pdf"), "--jobs", "1",
                                          "--format", "json", "--output", report], hangingOn: "one_column.pdf")
        // The larger a4.pdf goes first; one_column.pdf then hangs its worker.
        Thread.sleep(forTimeInterval: 3)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["stopped"] as? String == "terminate")
        #expect(object["unchecked"] as? Int == 1)
        #expect((object["files"] as? [[String: Any]])?.count == 1)
    }

    @Test func outputsAreCheckedBeforeWorkAndNeverClobberAnInputOrALink() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paper = folder.appendingPathComponent("paper.pdf").path
        try FileManager.default.copyItem(atPath: CLITests.fixture("margin_text.pdf"), toPath: paper)
        let before = try Data(contentsOf: URL(fileURLWithPath: paper))
        let onInput = try CLITests.run([paper, "--output", paper])
        #expect(onInput.status == 64)
        #expect(onInput.stderr.contains("is one of the files to check"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: paper)) == before)
        let missing = try CLITests.run([paper, "--output", folder.appendingPathComponent("no/such/report.json").path])
        #expect(missing.status == 64 && missing.stderr.contains("does not exist"))
        // A link is followed: it stays a link and its target gets the report.
        let target = folder.appendingPathComponent("target.json").path
        let link = folder.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try CLITests.run([paper, "--output", link]).status == 1)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\"schema\" : \"papercheck.report/1\""))
        // A pipe is written in place, not replaced by a regular file.
        let fifo = folder.appendingPathComponent("out.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        #expect(try CLITests.run([paper, "--format", "csv", "--output", fifo]).status == 1)
        let received = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(received.hasPrefix("path,submission_id,title,status"))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func formatsFollowTheOutputExtensionsAndSeveralOutputsComeFromOneRun() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("r.json").path, csv = folder.appendingPathComponent("r.csv").path
        let sarif = folder.appendingPathComponent("r.sarif").path
        let run = try CLITests.run([CLITests.fixture("a4.pdf"), "--output", json, "--output", csv, "--output", sarif])
        #expect(run.status == 1)
        #expect(try String(contentsOfFile: json, encoding: .utf8).contains("papercheck.report/1"))
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("path,submission_id,title,status"))
        #expect(try String(contentsOfFile: sarif, encoding: .utf8).contains("\"version\" : \"2.1.0\""))
        let clash = try CLITests.run([CLITests.fixture("a4.pdf"), "--format", "csv", "--output", json])
        #expect(clash.status == 64 && clash.stderr.contains("--format"))
        // `-` takes --format: annotations on standard output and SARIF in a file, from one run.
        try FileManager.default.removeItem(atPath: sarif)
        let both = try CLITests.run([CLITests.fixture("a4.pdf"), "--format", "github", "--output", "-", "--output", sarif])
        #expect(both.status == 1)
        #expect(both.stdout.hasPrefix("::error "))
        #expect(try String(contentsOfFile: sarif, encoding: .utf8).contains("\"version\" : \"2.1.0\""))
    }

    @Test func writingToAFullDiskOrAClosedPipeIsOneLineAndExit74() throws {
        let full = try CLITests.run(["-c", "exec \"$0\" \"$1\" > /dev/full", try #require(CLITests.binary).path,
                                     CLITests.fixture("a4.pdf")], executable: "/bin/bash")
        #expect(full.status == 74)
        #expect(full.stderr.contains("cannot write the report to standard output"))
        #expect(!full.stderr.contains("Fatal error"))
    }

    @Test func resumeReusesOnlyLinesOfTheSameCheckAndToleratesBadLines() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("run.jsonl").path
        let files = [CLITests.fixture("icml_submission.pdf"), CLITests.fixture("a4.pdf"), CLITests.fixture("one_column.pdf")]
        #expect(try CLITests.run(files + ["--output", log]).status == 1)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        func line(_ name: String) throws -> String { try #require(lines.first { $0.contains("/\(name)\"") }) }
        // icml_submission.pdf's line from another papercheck version, a4.pdf's with a byte that is
        // not UTF-8, and a torn last line: only one_column.pdf's line is reused.
        let foreign = try line("icml_submission.pdf").replacingOccurrences(of: "\"tool\":\"", with: "\"tool\":\"evil-")
        let broken = try line("a4.pdf")
        var data = Data((foreign + "\n").utf8)
        data.append(Data(broken.utf8.prefix(40)))
        data.append(0xFF)
        data.append(Data((String(broken.dropFirst(40)) + "\n" + (try line("one_column.pdf")) + "\n{\"schema\":\"papercheck.res").utf8))
        try data.write(to: URL(fileURLWithPath: log))
        let resumed = try CLITests.run(files + ["--output", log, "--resume", log],
                                       environment: ["PAPERCHECK_TEST_FAULT": "crash:one_column.pdf"])
        #expect(resumed.stderr.contains("could not be read") && resumed.stderr.contains("another profile, rule set or papercheck version"))
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: log)), as: UTF8.self)
        let good = text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        // one_column.pdf was not checked again (it would have crashed): its line is kept byte for
        // byte. The other two were, and the file now holds one line per file: the lines not
        // reused (the foreign one, the garbled one, the torn one) are replaced, not repeated.
        #expect(good.filter { ($0["path"] as? String)?.hasSuffix("one_column.pdf") == true }.map { $0["status"] as? String } == ["fail"])
        #expect(text.hasPrefix(try line("one_column.pdf") + "\n"))
        #expect(good.filter { ($0["path"] as? String)?.hasSuffix("a4.pdf") == true }.count == 1)
        #expect(good.filter { ($0["path"] as? String)?.hasSuffix("icml_submission.pdf") == true }.count == 1)
        #expect(text.split(separator: "\n").count == 3 && !text.contains("evil-") && !text.contains("papercheck.res\n"))
        // A crash recorded in the log is tried again, not reused.
        let crashLog = folder.appendingPathComponent("crash.jsonl").path
        _ = try CLITests.run([files[1], files[2], "--output", crashLog], environment: ["PAPERCHECK_TEST_FAULT": "crash:a4.pdf"])
        _ = try CLITests.run([files[1], files[2], "--output", crashLog, "--resume", crashLog])
        let after = try Self.lines(try String(contentsOfFile: crashLog, encoding: .utf8))
        #expect(after.filter { ($0["path"] as? String)?.hasSuffix("a4.pdf") == true }.map { $0["status"] as? String } == ["fail"])
        #expect(after.count == 2)
    }

    @Test func secondRunOnTheSameJSONLStopsAtOnce() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("run.jsonl").path
        let first = try CLITests.start([CLITests.fixture("one_column.pdf"), CLITests.fixture("a4.pdf"), "--output", log, "--jobs", "1"],
                                       hangingOn: "one_column.pdf")
        Thread.sleep(forTimeInterval: 1.5)
        let second = try CLITests.run([CLITests.fixture("a4.pdf"), "--output", log])
        kill(first.processIdentifier, SIGINT)
        first.waitUntilExit()
        #expect(second.status == 64)
        #expect(second.stderr.contains("another papercheck run is writing to it"))
        #expect(first.terminationStatus == 130)
    }

    @Test("numbers a PDF may hold are results, never traps, in this very process", arguments: [
        ("MediaBox of 10^30 pt", "", "[0 0 1000000000000000000000000000000 1000000000000000000000000000000]"),
        ("font size of 10^20", "BT /F1 100000000000000000000 Tf 570 400 Td (margin) Tj ET", "[0 0 612 792]"),
        ("text matrix of 10^30", "BT /F1 10 Tf 1000000000000000000000000000000 0 0 1000000000000000000000000000000 0 0 Tm (margin) Tj ET", "[0 0 612 792]"),
        ("negative MediaBox of -10^30", "", "[-1000000000000000000000000000000 0 612 792]"),
    ])
    func hugeNumbersAreResults(name: String, extra: String, mediaBox: String) throws {
        // Checked here rather than in a worker, where a trap would only become a "crashed" result:
        // a Double-to-Int conversion of one of these killed the whole run before.
        let content = "BT /F1 10 Tf 12 TL 72 700 Td (An ordinary line of body text on this page.) Tj ET\n" + extra
        let pdf = CLITests.onePagePDF(content: content).replacingOccurrences(of: "[0 0 612 792]", with: mediaBox)
        let url = try Self.folder().appendingPathComponent("huge.pdf")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try Data(pdf.utf8).write(to: url)
        let rules = try RuleSet.builtIn()
        let profile = try #require(rules.profile(nil))
        let report = PaperCheck.check(path: url.path, profile: profile, threads: 2)
        #expect(report.status != .error, "\(name): \(report.error ?? "")")
        let full = Report(toolVersion: PaperCheck.version, profile: profile, rulesSchemaVersion: rules.schemaVersion, files: [report])
        for format in ReportFormat.allCases where format != .html {
            #expect(!format.renderer(profile: profile, colors: false, verbose: true).render(full).isEmpty)
        }
        _ = PaperCheck.annotatedPages(for: report, profile: profile, password: nil, maxPages: 2, dpi: 30)
    }

    @Test func aWorkerKilledFromOutsideIsSaidSoAndWorkersDieWithTheirCoordinator() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("run.jsonl").path
        // One file only: on a loaded machine the worker may not have reached a second file when
        // it is killed, and the kill would land on the first. A generous timeout, so that only
        // the kill ends the hang.
        let process = try CLITests.start([CLITests.fixture("one_column.pdf"), "--jobs", "1", "--timeout", "900",
                                          "--format", "jsonl", "--output", log], hangingOn: "one_column.pdf")
        Thread.sleep(forTimeInterval: 3)
        // The one worker hangs on one_column.pdf: kill -9 it, as the OOM killer would.
        let worker = try #require(Self.children(of: process.processIdentifier).first)
        kill(worker, SIGKILL)
        process.waitUntilExit()
        let results = try Self.lines(try String(contentsOfFile: log, encoding: .utf8))
        let killed = try #require(results.first { ($0["path"] as? String)?.hasSuffix("one_column.pdf") == true })
        #expect(killed["errorCode"] as? String == "killed")
        #expect((killed["error"] as? String)?.contains("killed") == true)

        // kill -9 of the coordinator leaves no worker behind (a parent-death signal ends them).
        let again = try CLITests.start([CLITests.fixture("one_column.pdf"), CLITests.fixture("a4.pdf"), "--jobs", "2", "--format", "json"],
                                       hangingOn: "one_column.pdf")
        Thread.sleep(forTimeInterval: 2)
        let workers = Self.children(of: again.processIdentifier)
        #expect(!workers.isEmpty)
        kill(again.processIdentifier, SIGKILL)
        again.waitUntilExit()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, workers.contains(where: { kill($0, 0) == 0 && !Self.isZombie($0) }) { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!workers.contains { kill($0, 0) == 0 && !Self.isZombie($0) }, "workers outlived their coordinator")
    }

    /// The processes whose parent is `pid`, from /proc.
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == pid
        }
    }

    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    @Test func badOptionsSayWhatIsExpected() throws {
        let shard = try CLITests.run([CLITests.fixture("a4.pdf"), "--shard", "0/3"])
        #expect(shard.status == 64 && shard.stderr.contains("counted from 1"))
        let timeout = try CLITests.run([CLITests.fixture("a4.pdf"), "--timeout", "nan"])
        #expect(timeout.status == 64 && timeout.stderr.contains("--timeout"))
        let memory = try CLITests.run([CLITests.fixture("a4.pdf"), "--max-memory", "17592186044416"])
        #expect(memory.status == 64 && memory.stderr.contains("--max-memory"))
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("secret.txt")
        try Data("secret\n".utf8).write(to: secret)
        let opened = try CLITests.run([CLITests.fixture("encrypted.pdf"), "--password-file", secret.path])
        #expect(opened.status == 0, "\(opened.stdout)")
    }
}
