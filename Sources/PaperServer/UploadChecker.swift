import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import NIOCore
import PaperCheck
import PaperWorkers

/// One upload from reception to answer: the rate limit, the content type, the size, the PDF
/// signature, the profile; then the check in a worker, and the report as JSON or as the page.
/// A refused upload is one `UploadProblem`: a status, a code and a sentence saying what to do.
struct UploadChecker: Sendable {
    enum Answer { case json, page }

    let configuration: ServerConfiguration
    let pool: CheckPool
    let uploads: UploadFolder
    let metrics: ServerMetrics
    let limiter: RateLimiter

    init(configuration: ServerConfiguration, pool: CheckPool, uploads: UploadFolder, metrics: ServerMetrics) {
        self.configuration = configuration
        self.pool = pool
        self.uploads = uploads
        self.metrics = metrics
        limiter = RateLimiter(perMinute: configuration.checksPerMinute)
    }

    /// What was received: the PDF's bytes, the name it was sent under, the profile asked for.
    struct Upload {
        var bytes: ByteBuffer
        var fileName: String
        var profileID: String?
    }

    func handle(_ request: Request, context: ServerContext, answer: Answer) async -> Response {
        do {
            let upload = try await receive(request, context: context)
            guard let profile = configuration.profile(upload.profileID) else {
                let known = configuration.profiles.map(\.id).joined(separator: ", ")
                throw UploadProblem(.badRequest, "unknown-profile",
                                    "no profile '\(upload.profileID ?? "")' on this server; choose one of: \(known)")
            }
            let checked = try await check(upload, profile: profile, withImages: answer == .page)
            return respond(checked, profile: profile, answer: answer)
        } catch let problem as UploadProblem {
            metrics.refused(problem.code)
            return problem.response(answer, retryAfter: problem.retryAfter)
        } catch {
            let problem = UploadProblem(.internalServerError, "internal", "the server could not check the upload: \(error)")
            metrics.refused(problem.code)
            return problem.response(answer, retryAfter: nil)
        }
    }

    // MARK: - Receiving

    private func receive(_ request: Request, context: ServerContext) async throws -> Upload {
        let client = clientAddress(request, context: context)
        if let wait = limiter.admit(client) {
            throw UploadProblem(.tooManyRequests, "rate-limited",
                                "too many checks from this address: at most \(configuration.checksPerMinute) a minute; try again in \(wait) s",
                                retryAfter: wait)
        }
        // Only the media type is case-blind: a multipart boundary is not (browsers mix cases).
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard ["application/pdf", "application/octet-stream", "multipart/form-data"].contains(mediaType) else {
            throw UploadProblem(.unsupportedMediaType, "content-type",
                                "send the PDF as the body with Content-Type: application/pdf, or as the field 'file' of a multipart/form-data form (got '\(mediaType.isEmpty ? "none" : mediaType)')")
        }
        let limit = configuration.maxUploadBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit + (mediaType == "multipart/form-data" ? 64 << 10 : 0) {
            throw tooLarge(length)
        }
        let body: ByteBuffer
        do {
            // A form's fields and boundaries come on top of the PDF itself.
            body = try await collect(request, upTo: limit + (mediaType == "multipart/form-data" ? 64 << 10 : 0))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge(nil)
        }
        var upload: Upload
        if mediaType == "multipart/form-data" {
            upload = try form(body, contentType: contentType)
        } else {
            upload = Upload(bytes: body, fileName: request.uri.queryParameters.get("name").map { String($0) } ?? "upload.pdf",
                            profileID: nil)
        }
        if let query = request.uri.queryParameters.get("profile") { upload.profileID = String(query) }
        upload.fileName = Self.displayName(upload.fileName)
        try Self.screen(upload.bytes, limit: limit)
        return upload
    }

    /// The whole body, within `uploadTimeout`: the idle timeout cuts a stalled upload, this one a
    /// trickle of a byte now and then.
    private func collect(_ request: Request, upTo limit: Int) async throws -> ByteBuffer {
        let seconds = configuration.uploadTimeout
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await request.body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let body = first else {
                throw UploadProblem(.requestTimeout, "upload-timeout",
                                    "the upload took longer than \(Int(seconds)) s to arrive; try again on a faster connection")
            }
            return body
        }
    }

    private func tooLarge(_ length: Int?) -> UploadProblem {
        let megabytes = configuration.maxUploadBytes >> 20
        // One decimal: 2.9 MB sent over a 2 MB limit, not "2 MB sent".
        let sent = length.map { " (\(String(format: "%.1f", Double($0) / 1_048_576)) MB sent)" } ?? ""
        return UploadProblem(.contentTooLarge, "too-large",
                             "the upload is larger than this server's limit of \(megabytes) MB\(sent); reduce the PDF's images or ask the organizers")
    }

    /// The PDF and the profile from a multipart form (`file`, `profile`).
    private func form(_ body: ByteBuffer, contentType: String) throws -> Upload {
        guard let boundary = Self.parameter("boundary", in: contentType) else {
            throw UploadProblem(.badRequest, "bad-form", "the multipart/form-data upload has no boundary")
        }
        var parts: [(disposition: String, body: ByteBuffer)] = []
        var disposition = ""
        var partBody = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in if name.lowercased() == "content-disposition" { disposition = value } }
        parser.onBody = { chunk in partBody.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append((disposition, partBody))
            disposition = ""
            partBody = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw UploadProblem(.badRequest, "bad-form", "the multipart/form-data upload cannot be read: send the PDF as the field 'file'")
        }
        let field = { (name: String) in parts.first { Self.parameter("name", in: $0.disposition) == name } }
        guard let file = field("file") else {
            throw UploadProblem(.badRequest, "bad-form", "the form has no field 'file' with the PDF")
        }
        let profile = field("profile").map { String(buffer: $0.body).trimmingCharacters(in: .whitespacesAndNewlines) }
        return Upload(bytes: file.body, fileName: Self.parameter("filename", in: file.disposition) ?? "upload.pdf",
                      profileID: profile?.isEmpty == true ? nil : profile)
    }

    /// The empty, the not-a-PDF and the cut-off, told apart before a worker is bothered.
    static func screen(_ bytes: ByteBuffer, limit: Int) throws {
        guard bytes.readableBytes > 0 else {
            throw UploadProblem(.badRequest, "empty", "the upload is empty: choose the PDF file again")
        }
        // PDF readers accept the header within the first 1024 bytes.
        let head = bytes.getBytes(at: bytes.readerIndex, length: min(1024, bytes.readableBytes)) ?? []
        guard Self.contains(head, Array("%PDF-".utf8)) else {
            throw UploadProblem(.unsupportedMediaType, "not-a-pdf",
                                "the upload is not a PDF (no %PDF- header): export or print the paper to PDF and upload that file")
        }
    }

    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// A `name=value` or `name="value"` parameter of a header value.
    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// The name a report shows for an upload: the last component of what the client sent, without
    /// controls, at most 100 characters; every renderer escapes it again for where it goes.
    static func displayName(_ sent: String) -> String {
        let last = sent.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint
                && $0.properties.generalCategory != .control && $0.properties.generalCategory != .format }))
        let trimmed = clean.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == "." || trimmed == ".." ? "upload.pdf" : String(trimmed.prefix(100))
    }

    private func clientAddress(_ request: Request, context: ServerContext) -> String {
        if configuration.trustForwardedFor, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
           let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return last
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }

    // MARK: - Checking

    /// Checks the upload in a worker from a private file removed when the check ends; with the
    /// annotated page images (read and removed likewise) for the page.
    private func check(_ upload: Upload, profile: Profile, withImages: Bool) async throws -> FileReport.WithImages {
        let id = UUID().uuidString.lowercased()
        let file = uploads.file(id, suffix: ".pdf")
        let imageTemplate = withImages ? uploads.file(id, suffix: "_p{page}.png") : nil
        try uploads.write(upload.bytes, to: file)
        var report: FileReport
        let started = ContinuousClock.now
        do {
            defer { unlink(file) }
            report = try await pool.check(WorkerRequest(index: 0, path: file, imageTemplate: imageTemplate, profile: profile.id))
        } catch CheckPool.Refusal.busy(let retryAfter) {
            throw UploadProblem(.serviceUnavailable, "busy", "the checker is busy with other papers; try again in \(retryAfter) s",
                                retryAfter: retryAfter)
        } catch {
            throw UploadProblem(.serviceUnavailable, "stopping", "the checker is shutting down; try again shortly", retryAfter: 5)
        }
        metrics.checked(report.status, duration: ContinuousClock.now - started, bytes: upload.bytes.readableBytes)
        var images: [Int: Data] = [:]
        for page in report.annotatedPages ?? [] {
            images[page.page] = FileManager.default.contents(atPath: page.file)
            unlink(page.file)
        }
        report.annotatedPages = nil
        report = Self.renamed(report, from: file, to: upload.fileName)
        report.triage = Triage.assess(report, profile: profile)
        if report.status == .pass || report.status == .warn {
            report.passCode = configuration.issuePassCode?(report, profile)
        }
        return FileReport.WithImages(report: report, images: images)
    }

    /// The report with the private file's path replaced by the upload's name, wherever it occurs
    /// (the path, error messages): the name is what the author knows, the path is ours.
    static func renamed(_ report: FileReport, from path: String, to name: String) -> FileReport {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(report), let escapedName = try? encoder.encode(name),
              let text = String(data: data, encoding: .utf8), let quoted = String(data: escapedName, encoding: .utf8) else {
            return report
        }
        // The private path has only [A-Za-z0-9/._-], so it reads the same inside a JSON string.
        let replaced = text.replacingOccurrences(of: path, with: String(quoted.dropFirst().dropLast()))
        return (try? JSONDecoder().decode(FileReport.self, from: Data(replaced.utf8))) ?? report
    }

    // MARK: - Answering

    private func respond(_ checked: FileReport.WithImages, profile: Profile, answer: Answer) -> Response {
        let report = Report(toolVersion: PaperCheck.version, profile: profile, rulesSchemaVersion: configuration.rulesSchemaVersion,
                            files: [checked.report])
        let checkable = checked.report.status != .error
        var headers: HTTPFields = [HTTPField.Name("Papercheck-Status")!: checked.report.status.rawValue]
        switch answer {
        case .json:
            guard checkable else {
                let problem = UploadProblem(.unprocessableContent, checked.report.errorCode ?? "unreadable",
                                            checked.report.error ?? "the PDF could not be checked")
                return JSONBody.response(.unprocessableContent, ErrorWithReport(error: problem.body, report: report), headers: headers)
            }
            // The same document as `papercheck check --format json`.
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONReportRenderer().render(report))))
        case .page:
            let html = ResultPage.render(report, profile: profile, images: checked.images, signs: configuration.issuePassCode != nil)
            headers[.contentType] = "text/html; charset=utf-8"
            headers[HTTPField.Name("Content-Security-Policy")!] = HTMLReportRenderer.contentSecurityPolicy(linkedImages: false)
            return Response(status: checkable ? .ok : .unprocessableContent, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }

    struct ErrorWithReport: Encodable {
        var error: UploadProblem.Body
        var report: Report
    }
}

extension FileReport {
    /// A checked upload's report with its annotated pages' PNGs, by page.
    struct WithImages {
        var report: FileReport
        var images: [Int: Data]
    }
}

/// A refused upload: the HTTP status, a stable code for programs, a sentence for people.
struct UploadProblem: Error {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    struct Body: Encodable {
        var status: Int
        var code: String
        var message: String
    }

    var body: Body { Body(status: status.code, code: code, message: message) }

    func response(_ answer: UploadChecker.Answer, retryAfter: Int?) -> Response {
        var headers: HTTPFields = [:]
        if let retryAfter { headers[HTTPField.Name("Retry-After")!] = String(retryAfter) }
        switch answer {
        case .json:
            struct Wrapped: Encodable { var error: Body }
            return JSONBody.response(status, Wrapped(error: body), headers: headers)
        case .page:
            headers[.contentType] = "text/html; charset=utf-8"
            headers[HTTPField.Name("Content-Security-Policy")!] = UploadPage.contentSecurityPolicy
            return Response(status: status, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: UploadPage.problemPage(self))))
        }
    }
}
