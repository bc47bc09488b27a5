import Foundation
import Testing

/// `papercheck keygen` and `papercheck verify`, and the codes `serve --signing-key` issues.
@Suite("pass codes on the command line")
struct PassCodeCLITests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passcodes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func keygenWritesAPrivateAndAPublicFileAndNeverOverwritesSilently() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("server.key").path
        let made = try CLITests.run(["keygen", "--output", key])
        #expect(made.status == 0 && made.stdout.contains("key id "), "\(made.stderr)")
        #expect(try Self.mode(key) == 0o600 && Self.mode(key + ".pub") == 0o644)
        #expect(try String(contentsOfFile: key, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let before = try Data(contentsOf: URL(fileURLWithPath: key))
        let again = try CLITests.run(["keygen", "--output", key])
        #expect(again.status == 64 && again.stderr.contains("it exists (use --force"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: key)) == before)
        #expect(try CLITests.run(["keygen", "--output", key, "--force"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: key)) != before)
        // Never through a link.
        let link = folder.appendingPathComponent("link.key").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder.appendingPathComponent("target").path)
        #expect(try CLITests.run(["keygen", "--output", link]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("target").path))
        let missing = try CLITests.run(["keygen", "--output", "/nonexistent/dir/key"])
        #expect(missing.status == 64 && missing.stderr.split(separator: "\n").count == 1)
    }

    @Test func aSignedServerIssuesCodesThatVerifyAcceptsOnlyForThatPDFProfileAndKey() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("server.key").path, publicKey = key + ".pub"
        #expect(try CLITests.run(["keygen", "--output", key]).status == 0)
        let server = try ServeTests.Server(["--jobs", "1", "--signing-key", key])
        defer { server.stop() }
        #expect(server.log.contains("pass codes signed"))

        let paper = try ServeTests.fixture("icml_submission.pdf")
        let pass = try await server.upload(paper, query: "?profile=icml2016")
        let code = try #require(pass.firstFile?["passCode"] as? String, "\(pass.text)")
        #expect(code.range(of: #"^papercheck1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"#, options: .regularExpression) != nil)
        let page = try await server.form(paper, fileName: "paper.pdf", profile: "icml2016")
        #expect(page.text.contains("<code id=\"pass-code\">papercheck1."))
        let failing = try await server.upload(try ServeTests.fixture("a4.pdf"), query: "?profile=icml2016")
        #expect(failing.firstFile?["status"] as? String == "fail" && failing.firstFile?["passCode"] == nil, "no code for a fail")

        let pdf = folder.appendingPathComponent("paper.pdf")
        try paper.write(to: pdf)
        let valid = try CLITests.run(["verify", code, pdf.path, "--public-key", publicKey, "--profile", "icml2016"])
        #expect(valid.status == 0 && valid.stdout.hasPrefix("valid: PASS under icml2016"), "\(valid.stdout)\(valid.stderr)")
        let json = try CLITests.run(["verify", code, pdf.path, "--public-key", publicKey, "--format", "json"])
        let answer = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(json.status == 0 && answer?["valid"] as? Bool == true)
        #expect((answer?["statement"] as? [String: Any])?["sha256"] as? String == pass.firstFile?["sha256"] as? String)

        // One byte added at the end: a changed PDF.
        let changed = folder.appendingPathComponent("changed.pdf")
        try (paper + Data("\n".utf8)).write(to: changed)
        let refusedPDF = try CLITests.run(["verify", code, changed.path, "--public-key", publicKey])
        #expect(refusedPDF.status == 1 && refusedPDF.stdout.contains("another version of the PDF"), "\(refusedPDF.stdout)")
        let refusedProfile = try CLITests.run(["verify", code, pdf.path, "--public-key", publicKey, "--profile", "icml2016-camera-ready"])
        #expect(refusedProfile.status == 1 && refusedProfile.stdout.contains("issued for profile 'icml2016'"))
        // A signature changed in one character (not the last, whose low bits base64 may ignore).
        var characters = Array(code)
        let index = characters.count - 10
        characters[index] = characters[index] == "A" ? "B" : "A"
        let forged = try CLITests.run(["verify", String(characters), pdf.path, "--public-key", publicKey, "--format", "json"])
        #expect(forged.status == 1 && forged.stdout.contains("\"code\":\"bad-signature\""), "\(forged.stdout)")
        // Another server's key.
        let other = folder.appendingPathComponent("other.key").path
        #expect(try CLITests.run(["keygen", "--output", other]).status == 0)
        let otherKey = try CLITests.run(["verify", code, pdf.path, "--public-key", other + ".pub"])
        #expect(otherKey.status == 1 && otherKey.stdout.contains("signed with another key"))
        // Usage errors: a private key where the public one goes, a missing PDF.
        let wrongKey = try CLITests.run(["verify", code, pdf.path, "--public-key", key])
        #expect(wrongKey.status == 64 && wrongKey.stderr.contains("BEGIN PUBLIC KEY"), "\(wrongKey.stderr)")
        #expect(try CLITests.run(["verify", code, "/nonexistent.pdf", "--public-key", publicKey]).status == 64)
        let badServerKey = try CLITests.run(["serve", "--port", "0", "--signing-key", publicKey])
        #expect(badServerKey.status == 64 && badServerKey.stderr.contains("--signing-key"), "\(badServerKey.stderr)")
    }
}
