import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `papercheck serve`, started for real on a free loopback port and spoken to over HTTP.
@Suite("serve")
struct ServeTests {
    /// A running server: its base URL, and everything it wrote on stderr (the access log).
    final class Server: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var stderrText = ""
        private(set) var base = ""

        init(_ arguments: [String], environment: [String: String] = [:]) throws {
            let binary = try #require(CLITests.binary, "build the papercheck executable first")
            process.executableURL = binary
            // A generous check timeout unless the test gives one, as `CLITests.run` does.
            let timeout = arguments.contains("--timeout") ? [] : ["--timeout", "900"]
            process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + timeout + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            let listening = DispatchSemaphore(value: 0)
            err.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.stderrText += String(decoding: data, as: UTF8.self)
                if self.base.isEmpty, let range = self.stderrText.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                    self.base = String(self.stderrText[range])
                    listening.signal()
                }
                self.lock.unlock()
            }
            try process.run()
            guard listening.wait(timeout: .now() + 60) == .success else {
                process.terminate()
                throw ServerDidNotStart(log: log)
            }
        }

        var log: String {
            lock.lock()
            defer { lock.unlock() }
            return stderrText
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }

        // A test that throws before it stops its server leaves no server behind.
        deinit { if process.isRunning { process.terminate() } }

        struct ServerDidNotStart: Error { var log: String }

        struct Answer {
            var status: Int
            var headers: [String: String]
            var body: Data
            var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
            var text: String { String(decoding: body, as: UTF8.self) }
            var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
            var firstFile: [String: Any]? { ((json?["files"] as? [[String: Any]]) ?? (json?["report"] as? [String: Any])?["files"] as? [[String: Any]])?.first }
        }

        func request(_ path: String, method: String = "GET", body: Data? = nil, contentType: String? = nil) async throws -> Answer {
            var request = URLRequest(url: try #require(URL(string: base + path)))
            request.httpMethod = method
            request.httpBody = body
            request.timeoutInterval = 120
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
            return Answer(status: http.statusCode, headers: headers, body: data)
        }

        func upload(_ data: Data, query: String = "", contentType: String = "application/pdf") async throws -> Answer {
            try await request("/v1/check" + query, method: "POST", body: data, contentType: contentType)
        }

        /// A multipart form as the upload page posts it.
        func form(_ data: Data, fileName: String, profile: String?, path: String = "/check") async throws -> Answer {
            let boundary = "----PapercheckFormBoundaryQz7XkW"  // mixed case, as browsers send it
            var body = Data()
            if let profile {
                body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"profile\"\r\n\r\n\(profile)\r\n".utf8)
            }
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            body += data
            body += Data("\r\n--\(boundary)--\r\n".utf8)
            return try await request(path, method: "POST", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        }
    }

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: CLITests.fixture(name)))
    }

    @Test func checksAPassingAndAFailingPaperAndDescribesItself() async throws {
        let server = try Server(["--jobs", "1"])
        defer { server.stop() }
        let pass = try await server.upload(try Self.fixture("icml_submission.pdf"), query: "?profile=icml2016&name=paper.pdf")
        #expect(pass.status == 200)
        #expect(pass.headers["papercheck-status"] == "pass")
        #expect(pass.json?["schema"] as? String == "papercheck.report/1")
        #expect((pass.json?["profile"] as? [String: Any])?["id"] as? String == "icml2016")
        #expect(pass.firstFile?["path"] as? String == "paper.pdf")
        #expect(pass.firstFile?["sha256"] as? String != nil)
        #expect(pass.firstFile?["passCode"] == nil, "no code without --signing-key")

        let fail = try await server.form(try Self.fixture("a4.pdf"), fileName: "../../etc/a4 paper.pdf", profile: "icml2016",
                                         path: "/v1/check")
        #expect(fail.status == 200)
        #expect(fail.firstFile?["status"] as? String == "fail")
        #expect(fail.firstFile?["path"] as? String == "a4 paper.pdf", "only the last component of a sent name")
        let rules = (fail.firstFile?["findings"] as? [[String: Any]] ?? []).compactMap { $0["ruleId"] as? String }
        #expect(rules.contains("page-size"))

        let profiles = try await server.request("/v1/profiles")
        let ids = (profiles.json?["profiles"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.first == "vdl2016" && ids.contains("icml2016-camera-ready"))
        let health = try await server.request("/healthz")
        #expect(health.status == 200 && health.json?["status"] as? String == "ok" && health.json?["workers"] as? Int == 1)
        let openapi = try await server.request("/v1/openapi.json")
        let committed = try Data(contentsOf: CLITests.root.appendingPathComponent("schemas/openapi.json"))
        #expect(openapi.body == committed, "run Scripts/embed-rules.sh after editing schemas/openapi.json")
        let metrics = try await server.request("/metrics").text
        #expect(metrics.contains(#"papercheck_checks_total{status="pass"} 1"#))
        #expect(metrics.contains(#"papercheck_checks_total{status="fail"} 1"#))
        #expect(metrics.contains("papercheck_queue_length 0"))
        let wrongMethod = try await server.request("/v1/check")
        #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "POST" && wrongMethod.errorCode == "method-not-allowed")
        let unknown = try await server.request("/v1/nothing")
        #expect(unknown.status == 404 && unknown.errorCode == "not-found")
    }

    @Test func theUploadPageAndItsFormWork() async throws {
        let server = try Server(["--jobs", "1", "--allow", "icml2016"], environment: [:])
        defer { server.stop() }
        let page = try await server.request("/")
        #expect(page.status == 200)
        let policy = try #require(page.headers["content-security-policy"])
        #expect(policy.hasPrefix("default-src 'none'") && policy.contains("script-src 'sha256-") && !policy.contains("unsafe"))
        #expect(page.text.contains("<form id=\"upload\" method=\"post\" action=\"/check\" enctype=\"multipart/form-data\">"))
        #expect(page.text.contains("<option value=\"vdl2016\" selected>") && page.text.contains("<option value=\"icml2016\">"))
        #expect(!page.text.contains("icml2016-camera-ready"), "only the allowed profiles")
        #expect(!page.text.contains("src=\"http") && !page.text.contains("href=\"http"), "no external requests")

        let result = try await server.form(try Self.fixture("margin_text.pdf"), fileName: "paper <script>.pdf", profile: "icml2016")
        #expect(result.status == 200)
        #expect(result.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(result.text.contains("<section id=\"result\" class=\"result\" data-status=\"fail\">"))
        #expect(result.text.contains("paper &lt;script&gt;.pdf") && !result.text.contains("paper <script>"))
        #expect(result.text.contains("data:image/png;base64,"), "the annotated pages")
        #expect(!result.text.contains("class=\"pdf\""), "no link to an upload that is gone")
        let refused = try await server.form(Data("hello".utf8), fileName: "notes.txt", profile: nil)
        #expect(refused.status == 415 && refused.text.contains("data-code=\"not-a-pdf\""))
        let other = try await server.form(try Self.fixture("a4.pdf"), fileName: "a.pdf", profile: "icml2016-camera-ready")
        #expect(other.status == 400 && other.text.contains("data-code=\"unknown-profile\""))
    }

    @Test func badUploadsGetAClearErrorAndTheRightStatus() async throws {
        let server = try Server(["--jobs", "1", "--max-upload-mb", "1"])
        defer { server.stop() }
        let paper = try Self.fixture("icml_submission.pdf")
        let cases: [(Data, String, String, Int, String)] = [
            (Data(), "", "application/pdf", 400, "empty"),
            (Data("just text".utf8), "", "application/pdf", 415, "not-a-pdf"),
            (paper, "", "text/plain", 415, "content-type"),
            (paper.prefix(4000), "", "application/pdf", 422, "pdf-readable"),
            (paper, "?profile=nope", "application/pdf", 400, "unknown-profile"),
            (paper + Data(count: 1 << 20), "", "application/pdf", 413, "too-large"),
            (Data("--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\n1\r\n--x--\r\n".utf8), "",
             "multipart/form-data; boundary=x", 400, "bad-form"),
        ]
        for (body, query, type, status, code) in cases {
            let answer = try await server.upload(body, query: query, contentType: type)
            #expect(answer.status == status, "\(code): \(answer.text)")
            let error = answer.json?["error"] as? [String: Any]
            let message = error?["message"] as? String ?? ""
            #expect(error?["status"] as? Int == status && !message.isEmpty)
            if code == "pdf-readable" {
                // A cut-off PDF was checked: the error is the report's, and the report says why.
                #expect(answer.firstFile?["status"] as? String == "error")
            } else {
                #expect(error?["code"] as? String == code, "\(answer.text)")
            }
        }
        // Nothing of an upload stays behind, and the log names no file.
        let folders = try FileManager.default.contentsOfDirectory(atPath: "/dev/shm").filter {
            $0.hasPrefix("papercheck-serve-\(server.process.processIdentifier)-")
        }
        #expect(folders.count == 1)
        for folder in folders {
            #expect(try FileManager.default.contentsOfDirectory(atPath: "/dev/shm/" + folder).isEmpty)
        }
        let lines = server.log.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == cases.count)
        #expect(lines.allSatisfy { $0.contains("\"path\":\"/v1/check\"") && $0.contains("\"status\":") && $0.contains("\"ms\":") })
    }

    @Test func aFullQueueIsRefusedWithRetryAfter() async throws {
        // The hanging check holds the one worker for as long as the test needs (no timing race:
        // on a loaded machine the second upload may take many seconds to arrive).
        let server = try Server(["--jobs", "1", "--max-queue", "0", "--timeout", "900"],
                                environment: ["PAPERCHECK_TEST_FAULT": "hang:*"])
        let paper = try Self.fixture("icml_submission.pdf")
        let hanging = Task { try? await server.upload(paper) }
        var busyWorkers = 0
        for _ in 0..<600 {
            busyWorkers = try await server.request("/healthz").json?["busy"] as? Int ?? 0
            if busyWorkers == 1 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard busyWorkers == 1 else {
            server.stop()
            Issue.record("the hanging upload never reached the worker: \(server.log)")
            return
        }
        let busy = try await server.upload(paper)
        #expect(busy.status == 503 && busy.errorCode == "busy", "\(busy.status) \(busy.text)")
        #expect(Int(busy.headers["retry-after"] ?? "") ?? 0 >= 1)
        let metrics = try await server.request("/metrics").text
        #expect(metrics.contains(#"papercheck_refusals_total{code="busy"} 1"#))
        // Stopped with a check in progress: the check is answered, the server does not wait for it.
        let stopping = Date()
        server.stop()
        #expect(Date().timeIntervalSince(stopping) < 120, "SIGTERM waited for the hanging check")
        #expect(server.process.terminationStatus == 0)
        let last = await hanging.value
        #expect(last == nil || (last?.status == 503 && last?.errorCode == "stopping"), "\(last?.text ?? "")")
    }

    @Test func aHangingOrCrashingCheckCostsOnlyItsUpload() async throws {
        let server = try Server(["--jobs", "1", "--timeout", "3"], environment: ["PAPERCHECK_TEST_FAULT": "hang:*"])
        defer { server.stop() }
        let paper = try Self.fixture("icml_submission.pdf")
        let stopped = try await server.upload(paper)
        #expect(stopped.status == 422 && stopped.errorCode == "timeout", "\(stopped.text)")
        // The killed worker is replaced.
        var workers = 0
        for _ in 0..<300 {
            workers = try await server.request("/healthz").json?["workers"] as? Int ?? 0
            if workers == 1 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(workers == 1)

        let crashing = try Server(["--jobs", "1"], environment: ["PAPERCHECK_TEST_FAULT": "crash:*"])
        defer { crashing.stop() }
        let crashed = try await crashing.upload(paper)
        #expect(crashed.status == 422 && crashed.errorCode == "crashed", "\(crashed.text)")
        #expect(try await crashing.upload(paper).errorCode == "crashed", "a new worker answers the next upload")
    }

    @Test func aClientOverItsRateIsToldWhenToComeBack() async throws {
        let server = try Server(["--jobs", "1", "--rate-limit", "2"])
        defer { server.stop() }
        // Empty uploads are refused at once (400), yet each takes a token. Sent until one is
        // limited: a slow machine may give a token back (one per 30 s) between two of them.
        var answers: [Server.Answer] = []
        let started = Date()
        while answers.count < 8, answers.last?.status != 429 {
            answers.append(try await server.upload(Data()))
        }
        let limited = try #require(answers.last)
        #expect(limited.status == 429 && limited.errorCode == "rate-limited", "\(answers.map(\.status))")
        #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 >= 1)
        let refilled = Int(Date().timeIntervalSince(started) / 30)
        #expect(answers.dropLast().allSatisfy { $0.status == 400 } && answers.count - 1 <= 2 + refilled)
        // Other routes are not limited.
        #expect(try await server.request("/healthz").status == 200)
    }

    @Test func badOptionsAndATakenPortAreOneLineErrors() throws {
        let port = try CLITests.run(["serve", "--port", "70000"])
        #expect(port.status == 64 && port.stderr.contains("--port must be 0 to 65535"))
        let profile = try CLITests.run(["serve", "--port", "0", "--allow", "nope"])
        #expect(profile.status == 64 && profile.stderr.contains("--allow nope: no such profile"))
        let server = try Server(["--jobs", "1"])
        defer { server.stop() }
        let taken = try #require(server.base.split(separator: ":").last)
        let second = try CLITests.run(["serve", "--jobs", "1", "--port", String(taken)])
        #expect(second.status == 64 && second.stderr.contains("the port is taken"), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1)
    }
}
