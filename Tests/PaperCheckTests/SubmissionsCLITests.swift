import Foundation
import Testing

/// `--submissions`, triage, the CSV's rule columns, `--per-paper` and `--mail-merge`: a program
/// chair's run over a folder per paper id with the submission system's export.
@Suite("--submissions, triage and per-paper reports")
struct SubmissionsCLITests {
    /// A folder laid out as CMT exports it: `<id>/<file>.pdf` and a CSV of ids, titles and authors.
    /// 201 is over length, 202 passes, 203 is an A4 paper, 204 was never uploaded, 205 has a Type 3 font.
    static func conference() throws -> URL {
        let folder = try BatchTests.temporaryDirectory()
        let papers = ["201": "eleven_pages.pdf", "202": "icml_submission.pdf", "203": "a4.pdf", "205": "type3_two_figures.pdf"]
        for (id, fixture) in papers {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(id), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: CLITests.fixture(fixture), toPath: folder.appendingPathComponent("\(id)/paper.pdf").path)
        }
        let csv = """
            Paper ID,Paper Title,Authors,Author Emails
            201,"Long, and longer",Ada Lovelace,ada@example.org
            202,A compliant paper,Alan Turing;Grace Hopper,alan@example.org;grace@example.org
            203,On A4 paper,Emmy Noether,emmy@example.org
            204,Never uploaded,Kurt Gödel,kurt@example.org
            205,"=HYPERLINK(""http://evil"")",Type Three,t3@example.org

            """
        try Data(csv.utf8).write(to: folder.appendingPathComponent("submissions.csv"))
        return folder
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theListAloneIsTheInputAndAMissingPaperIsAResult() throws {
        let folder = try Self.conference()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("submissions.csv").path
        let run = try CLITests.run(["--submissions", list, "--format", "json", "--jobs", "2"])
        // A missing paper cannot be checked: exit 2, as for a file that cannot be opened.
        #expect(run.status == 2, "\(run.stderr)")
        let report = try Self.json(run.stdout)
        let files = try #require(report["files"] as? [[String: Any]])
        let ids = files.compactMap { ($0["submission"] as? [String: Any])?["id"] as? String }
        #expect(ids == ["201", "202", "203", "204", "205"])
        #expect(files.map { $0["status"] as? String } == ["fail", "pass", "fail", "missing", "fail"])
        #expect((files[0]["submission"] as? [String: Any])?["title"] as? String == "Long, and longer")
        let missing = files[3]
        #expect(missing["path"] as? String == "submissions.csv#204")
        #expect((missing["error"] as? String)?.contains("submission 204") == true)
        #expect((report["summary"] as? [String: Any])?["missing"] as? Int == 1)
        let verdicts = files.compactMap { ($0["triage"] as? [String: Any])?["verdict"] as? String }
        #expect(verdicts == ["desk-reject", "ok", "desk-reject", "missing", "fix-before-camera-ready"])
        let causes = (files[0]["triage"] as? [String: Any])?["causes"] as? [[String: Any]] ?? []
        #expect((causes.first?["text"] as? String)?.hasPrefix("over length: ") == true)
        #expect(run.stderr.contains("triage: 2 desk-reject, 1 missing, 1 fix-before-camera-ready, 1 ok"))
    }

    @Test func aMissingPaperIsAnAnnotationAndASARIFResultToo() throws {
        let folder = try Self.conference()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("submissions.csv").path
        let github = try CLITests.run(["--submissions", list, "--format", "github", "--shard", "1/1"])
        #expect(github.stdout.contains("::error file=submissions.csv#204"), "\(github.stdout)")
        let sarif = try CLITests.run(["--submissions", list, "--format", "sarif"])
        #expect(sarif.stdout.contains("\"ruleId\" : \"submission-pdf\"") || sarif.stdout.contains("\"ruleId\":\"submission-pdf\""))
    }

    @Test func csvHasAColumnPerRuleAndTheVerdict() throws {
        let folder = try Self.conference()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLITests.run(["--submissions", folder.appendingPathComponent("submissions.csv").path, "--format", "csv"])
        let rows = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = rows[0].components(separatedBy: ",")
        #expect(Array(header.prefix(6)) == ["path", "submission_id", "title", "status", "verdict", "causes"])
        for rule in ["page-size", "page-limit", "no-type3-fonts", "margins"] { #expect(header.contains(rule)) }
        #expect(rows.count == 6)
        let pageSize = try #require(header.firstIndex(of: "page-size"))
        // 203 is the A4 paper: one page-size error; a title that looks like a formula is defused.
        let a4 = try #require(rows.first { $0.contains(",203,") })
        #expect(a4.components(separatedBy: ",")[pageSize] == "1")
        #expect(rows.contains { $0.contains("\"'=HYPERLINK(\"\"http://evil\"\")\"") })
    }

    @Test func perPaperReportsAndMailMerge() throws {
        let folder = try Self.conference()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let run = try CLITests.run(["--submissions", folder.appendingPathComponent("submissions.csv").path, "--quiet",
                                    "--per-paper", out.appendingPathComponent("authors").path,
                                    "--mail-merge", out.appendingPathComponent("mail.csv").path])
        #expect(run.status == 2, "\(run.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("authors").path).sorted()
        #expect(written == ["201.html", "201.json", "202.html", "202.json", "203.html", "203.json", "204.html", "204.json",
                            "205.html", "205.json"])
        // Each author's report holds their own paper only.
        let single = try Self.json(String(contentsOf: out.appendingPathComponent("authors/203.json"), encoding: .utf8))
        let files = try #require(single["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect((files[0]["findings"] as? [[String: Any]])?.contains { $0["ruleId"] as? String == "page-size" } == true)
        let html = try String(contentsOf: out.appendingPathComponent("authors/203.html"), encoding: .utf8)
        #expect(html.contains("paper 203, On A4 paper"))
        #expect(!html.contains("eleven_pages") && !html.contains("201/paper.pdf"))
        let mail = try String(contentsOf: out.appendingPathComponent("mail.csv"), encoding: .utf8)
        #expect(mail.hasPrefix("id,title,emails,verdict,status,errors,warnings,summary,report,files\r\n"))
        #expect(mail.contains("202,A compliant paper,alan@example.org; grace@example.org,ok,pass,0,0,"))
        #expect(mail.contains("authors/203.html"))
        #expect(mail.contains("204,Never uploaded,kurt@example.org,missing,missing"))
        // The summary tells the author what to fix, with the rule's hint.
        #expect(mail.contains("wrong page size") && mail.contains("Fix: "))
    }

    @Test func pathsAreBoundByFolderIdAndUnlistedOnesAreSaid() throws {
        let folder = try Self.conference()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLITests.run(["--submissions", folder.appendingPathComponent("submissions.csv").path, "--format", "json",
                                    folder.appendingPathComponent("203").path, CLITests.fixture("a4.pdf")])
        let files = try #require(try Self.json(run.stdout)["files"] as? [[String: Any]])
        // 203's PDF by its folder; a4.pdf named by no row; the other listed papers are missing here.
        #expect(files.map { ($0["submission"] as? [String: Any])?["id"] as? String } == ["203", nil, "201", "202", "204", "205"])
        #expect(files.map { $0["status"] as? String } == ["fail", "fail", "missing", "missing", "missing", "missing"])
        #expect(run.stderr.contains("no row names 1 of 2 PDFs (a4.pdf)"))
    }

    @Test func aListWithoutIdsOrWithTwiceTheSameIdIsAUsageError() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let noID = folder.appendingPathComponent("noid.csv")
        try Data("Title,Authors\nA,B\n".utf8).write(to: noID)
        let first = try CLITests.run(["--submissions", noID.path])
        #expect(first.status == 64)
        #expect(first.stderr.contains("noid.csv: no id column in the header (found: Title, Authors"))
        let twice = folder.appendingPathComponent("twice.csv")
        try Data("number,title\n7,A\n7,B\n".utf8).write(to: twice)
        let second = try CLITests.run(["--submissions", twice.path])
        #expect(second.status == 64)
        #expect(second.stderr.contains("twice.csv:3: paper id 7 is listed twice (also on line 2)"))
        #expect(second.stderr.split(separator: "\n").count == 1)
    }
}
