import Foundation
import Testing

/// The built `papercheck` binary, run as a user would.
@Suite("command line")
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The executable sits next to the test bundle in the build folder.
    static var binary: URL? {
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("papercheck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary (or `executable`, such as a shell that starts it) with `arguments`; a
    /// `launcher` (a program and its arguments) runs it in its place, with the binary's path and
    /// `arguments` after its own.
    static func run(_ arguments: [String], environment: [String: String] = [:], standardInput: URL? = nil,
                    executable: String? = nil, launcher: [String] = []) throws -> Run {
        let process = Process()
        let binaryURL = try executable.map(URL.init(fileURLWithPath:)) ?? #require(binary, "build the papercheck executable first")
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = launcher.dropFirst() + [binaryURL.path] + (executable == nil ? withTestTimeout(arguments) : arguments)
        } else {
            process.executableURL = binaryURL
            process.arguments = executable == nil ? withTestTimeout(arguments) : arguments
        }
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let standardInput { process.standardInput = try FileHandle(forReadingFrom: standardInput) }
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A check gets a generous `--timeout` unless the test gives one: with the whole suite on two
    /// cores and the debug build, a 4-page paper has taken more than the default 60 s, and the
    /// test then saw "not checkable" (exit 2) by chance. Tests of the timeout give their own.
    static func withTestTimeout(_ arguments: [String]) -> [String] {
        let subcommands: Set<String> = ["inspect", "rules", "serve", "keygen", "verify", "worker", "help", "--help", "-h", "--version"]
        guard !arguments.contains("--timeout"), let first = arguments.first, !subcommands.contains(first) else { return arguments }
        let generous = ["--timeout", "900"]
        return first == "check" ? [first] + generous + arguments.dropFirst() : generous + arguments
    }

    static func fixture(_ name: String) -> String { root.appendingPathComponent("Fixtures/pdfs/\(name)").path }

    static let exitCases: [(files: [String], status: Int32)] = [
        (["icml_submission.pdf"], 0), (["standard14_nonembedded.pdf"], 0), (["a4.pdf"], 1),
        (["empty.pdf"], 2), (["a4.pdf", "not_a_pdf.pdf", "icml_submission.pdf"], 2),
    ]

    @Test("exit codes: 0 pass, 1 rule failed, 2 not checkable; the highest wins", arguments: 0..<5)
    func exitCodes(index: Int) throws {
        let testCase = Self.exitCases[index]
        #expect(try Self.run(testCase.files.map(Self.fixture)).status == testCase.status)
    }

    @Test func failOnWarningTurnsWarningsIntoFailure() throws {
        #expect(try Self.run([Self.fixture("standard14_nonembedded.pdf"), "--fail-on", "warning"]).status == 1)
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let run = try Self.run(["check", Self.fixture("a4.pdf"), Self.fixture("empty.pdf"), "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "papercheck.report/1")
        #expect((object["tool"] as? [String: Any])?["name"] as? String == "papercheck")
        #expect((object["profile"] as? [String: Any])?["id"] as? String == "vdl2016")
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["status"] as? String } == ["fail", "error"])
        let finding = try #require((files[0]["findings"] as? [[String: Any]])?.first)
        for key in ["ruleId", "check", "severity", "message", "values", "hint", "reference"] {
            #expect(finding[key] != nil, "finding lacks \(key)")
        }
        #expect((object["summary"] as? [String: Any])?["fail"] as? Int == 1)
    }

    @Test func humanReportGroupsByRuleWithoutColourWhenPiped() throws {
        let run = try Self.run([Self.fixture("icml_submission.pdf"), "--profile", "icml2016-camera-ready"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("FAIL "))
        #expect(run.stdout.contains("error no-line-numbers (pages 1-"))
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test func badRulesFileIsOneLineWithItsPathAndExit64() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-rules-\(UUID().uuidString).json")
        try Data(#"{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "rules": [{"id": "x", "check": "fileSize", "severity": "error", "hint": "h", "reference": "r", "parameters": {"maxBytes": "big"}}]}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Self.run([Self.fixture("a4.pdf"), "--rules", file.path])
        #expect(run.status == 64)
        #expect(run.stderr == "papercheck: error: \(file.path): profiles[0].rules[0].parameters.maxBytes: expected an integer from 1 to 1000000000000, found the string 'big'\n")
    }

    @Test func unknownProfileAndOptionAreUsageErrors() throws {
        #expect(try Self.run([Self.fixture("a4.pdf"), "--profile", "neurips"]).status == 64)
        #expect(try Self.run([Self.fixture("a4.pdf"), "--format", "pdf"]).status == 64)
        // A folder without PDFs would otherwise pass silently.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-pdfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let run = try Self.run([empty.path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("no PDF files found"))
    }

    @Test func rulesCommands() throws {
        let list = try Self.run(["rules", "list"])
        #expect(list.stdout.contains("vdl2016 (default)"))
        let show = try Self.run(["rules", "show", "icml2016"])
        #expect(show.stdout.contains("review-notice"))
        let explain = try Self.run(["rules", "explain", "page-limit", "--profile", "icml2016"])
        #expect(explain.stdout.contains("Guideline: \"Papers must not exceed eight (8) pages"))
        #expect(explain.stdout.contains("What it checks: The body"))
        let workshop = try Self.run(["rules", "explain", "page-limit"])
        #expect(workshop.stdout.contains("no more than 8 pages long"))
        #expect(try Self.run(["rules", "explain", "no-such-rule"]).status == 64)
    }

    @Test func everyBrokenRulesFileExits64WithOneLineNamingItsPath() throws {
        let folder = FixtureTests.fixtures.appendingPathComponent("rules/broken")
        let table = try String(contentsOf: folder.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
        for row in table.split(separator: "\n").dropFirst() {
            let fields = row.split(separator: "\t").map(String.init)
            let file = folder.appendingPathComponent(fields[0]).path
            let run = try Self.run([Self.fixture("icml_submission.pdf"), "--rules", file])
            #expect(run.status == 64, "\(fields[0])")
            #expect(run.stdout.isEmpty, "\(fields[0]) checked something")
            #expect(run.stderr.hasPrefix("papercheck: error: \(file): \(fields[1]): "), "\(run.stderr)")
            #expect(run.stderr.contains(fields[2]) && run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)")
        }
    }

    @Test func rulesExplainShowsParametersVariantsPlaceholdersAndExamples() throws {
        let run = try Self.run(["rules", "explain", "page-limit", "--profile", "vdl2016"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("  maxTotalPages = 9: "))
        #expect(run.stdout.contains("  bodyEndHeadings = [\"References\""))
        #expect(run.stdout.contains("  total: {totalPages} pages in all; the workshop allows {maxTotalPages}, references included"))
        #expect(run.stdout.contains("  unbounded: "))
        #expect(run.stdout.contains("Placeholders: {bodyPages}"))
        #expect(run.stdout.contains("  triggers total: "))
    }

    @Test func rulesDumpPrintsTheBuiltInRulesFileExactly() throws {
        let run = try Self.run(["rules", "dump"])
        #expect(run.status == 0)
        #expect(run.stdout == (try String(contentsOf: Self.root.appendingPathComponent("rules.json"), encoding: .utf8)))
        // The file itself needs no --rules; the profiles of one are printed resolved.
        #expect(try Self.run(["rules", "dump", "--rules", "x.json"]).status == 64)
    }

    /// A user's rules file in the temporary folder, removed by the caller.
    static func userRules(_ json: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("user-rules-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: file)
        return file
    }

    @Test func aUserRulesFileExtendsTheBuiltInProfiles() throws {
        let file = try Self.userRules(#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"icml2016","override":[{"id":"page-limit","parameters":{"maxBodyPages":6}}]}]}"#)
        defer { try? FileManager.default.removeItem(at: file) }
        let show = try Self.run(["rules", "show", "mine", "--rules", file.path])
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("mine: mine\n"))
        #expect(show.stdout.contains("review-notice"))
        #expect(show.stdout.contains("\"maxBodyPages\":6,\"maxTotalPages\":10"))
        let list = try Self.run(["rules", "list", "--rules", file.path])
        #expect(list.stdout.hasPrefix("mine (default): mine [20 rules, extends icml2016, from \(file.path)]\n"))
        #expect(list.stdout.contains("icml2016: ICML 2016 submission (double-blind review copy) [20 rules, built in]\n"))
        #expect(list.stdout.contains("vdl2016: "))
        let explain = try Self.run(["rules", "explain", "page-limit", "--rules", file.path])
        #expect(explain.stdout.hasPrefix("page-limit (error, check pageCount); in profiles: mine, icml2016, icml2016-camera-ready, vdl2016\n"))
        let check = try Self.run([Self.fixture("icml_submission.pdf"), "--rules", file.path, "--profile", "icml2016"])
        #expect(check.status == 0)
        #expect(check.stdout.contains("checked against icml2016:"))
        let mine = try Self.run([Self.fixture("icml_submission.pdf"), "--rules", file.path, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(mine.stdout.utf8)) as? [String: Any])
        #expect((report["profile"] as? [String: Any])?["id"] as? String == "mine")
        let dumped = try Self.run(["rules", "dump", "--resolved", "--rules", file.path, "--profile", "mine"])
        let resolved = try #require(try JSONSerialization.jsonObject(with: Data(dumped.stdout.utf8)) as? [String: Any])
        let profiles = try #require(resolved["profiles"] as? [[String: Any]])
        #expect(profiles.map { $0["id"] as? String } == ["mine"])
        #expect((profiles.first?["rules"] as? [Any])?.count == 20)
        #expect(profiles.first?["extends"] == nil)
    }

    @Test func aTypoInAUserRulesFileIsOneLineWithItsPathAndExit64() throws {
        let file = try Self.userRules(#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extend":"icml2016"}]}"#)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Self.run(["rules", "list", "--rules", file.path])
        #expect(run.status == 64)
        #expect(run.stderr == "papercheck: error: \(file.path): profiles[0].extend: unknown key 'extend' (did you mean 'extends'? expected one of: add, extends, id, override, remove, rules, source, title)\n")
        #expect(run.stdout.isEmpty)
    }

    @Test func outputFileIsWrittenAndInspectPrintsFacts() throws {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: target) }
        #expect(try Self.run([Self.fixture("icml_submission.pdf"), "--format", "json", "--output", target.path]).status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8).contains("\"status\" : \"pass\""))
        let inspect = try Self.run(["inspect", Self.fixture("icml_submission.pdf")])
        #expect(inspect.stdout.contains("columns    2, gutter x 289.44-307.44"))
        #expect(try Self.run(["inspect", Self.fixture("not_a_pdf.pdf")]).stderr.contains("not a PDF"))
    }

    /// A one-page PDF whose file name, metadata and font name carry terminal escape sequences,
    /// a bell and a right-to-left override.
    static func writeHostilePDF(in folder: URL) throws -> URL {
        func utf16Hex(_ text: String) -> String {
            "<FEFF" + text.utf16.map { String(format: "%04X", $0) }.joined() + ">"
        }
        let pdf = onePagePDF(content: "BT /F1 12 Tf 72 700 Td (Hello world) Tj ET",
                             fontName: "Evil#1B#5D0;owned#07Font",
                             info: "<</Title \(utf16Hex("Title\u{1B}[2J\u{202E}fdp.exe")) /Author \(utf16Hex("A\u{9B}31m\u{7F}"))>>")
        let url = folder.appendingPathComponent("paper\u{1B}[31m\u{07}.pdf")
        try Data(pdf.utf8).write(to: url)
        return url
    }

    /// Starts papercheck with `arguments` in the background, its workers hanging on files named
    /// `hangingOn`, for tests that signal or kill it mid-run.
    static func start(_ arguments: [String], hangingOn name: String) throws -> Process {
        let process = Process()
        process.executableURL = try #require(binary, "build the papercheck executable first")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PAPERCHECK_TEST_FAULT": "hang:\(name)"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A one-page US Letter PDF written object by object: `content` drawn with /F1, a standard
    /// font named `fontName` (not embedded), and an optional Info dictionary.
    static func onePagePDF(content: String, fontName: String = "Times-Roman", info: String? = nil) -> String {
        var objects = [
            "<</Type/Catalog/Pages 2 0 R>>",
            "<</Type/Pages/Kids[3 0 R]/Count 1>>",
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
            "<</Type/Font/Subtype/Type1/BaseFont/\(fontName)/Encoding/WinAnsiEncoding>>",
            "<</Length \(content.utf8.count)>>\nstream\n\(content)\nendstream",
        ]
        if let info { objects.append(info) }
        return pdf(objects: objects, trailer: info == nil ? "" : "/Info 6 0 R")
    }

    /// A PDF of `objects`, numbered from 1 (the first is the catalog), with its cross-reference
    /// table; `trailer` adds entries to the trailer dictionary.
    static func pdf(objects: [String], trailer: String = "") -> String {
        String(decoding: pdf(objectBytes: objects.map { Array($0.utf8) }, trailer: trailer), as: UTF8.self)
    }

    /// Deflate data of `bytes` in one stored block, with its zlib header and Adler-32.
    static func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
        var a = 1, b = 0
        for byte in bytes { a = (a + Int(byte)) % 65_521; b = (b + a) % 65_521 }
        let length = UInt16(bytes.count)
        return [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            + bytes + [UInt8(b >> 8), UInt8(b & 0xFF), UInt8(a >> 8), UInt8(a & 0xFF)]
    }

    /// The same for objects with bytes that are not text (a binary stream).
    static func pdf(objectBytes objects: [[UInt8]], trailer: String = "") -> [UInt8] {
        var pdf = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.count)
            pdf += Array("\(index + 1) 0 obj\n".utf8) + object + Array("\nendobj\n".utf8)
        }
        let xref = pdf.count
        var tail = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        tail += offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        tail += "trailer\n<</Size \(objects.count + 1)/Root 1 0 R\(trailer)>>\nstartxref\n\(xref)\n%%EOF\n"
        return pdf + Array(tail.utf8)
    }

    @Test func inspectShowsControlCharactersFromThePDFEscaped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("papercheck-inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = try Self.writeHostilePDF(in: folder)
        let inspect = try Self.run(["inspect", pdf.path])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let controls = inspect.stdout.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
        }
        #expect(controls.isEmpty, "raw control characters: \(controls.map { String($0.value, radix: 16) })")
        #expect(inspect.stdout.contains("paper\\x1B[31m\\x07.pdf"))
        #expect(inspect.stdout.contains("Title\\x1B[2J\\u{202E}fdp.exe"))
        #expect(inspect.stdout.contains("A\\x9B31m\\x7F"))
        #expect(inspect.stdout.contains("Evil\\x1B]0;owned\\x07Font"))
    }
}
