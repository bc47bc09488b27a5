import ArgumentParser
import Foundation
import PaperCheck
import PaperPassCodes
import PaperServer

/// `papercheck keygen`: a new Ed25519 key pair for `serve --signing-key`.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for pass codes: FILE (private, mode 0600) and FILE.pub (public).",
        discussion: "The server signs with FILE (serve --signing-key FILE); a submission system verifies with FILE.pub (papercheck verify, or any Ed25519 library). Both are PEM, as OpenSSL reads them."
    )

    @Option(name: .shortAndLong, help: "The private key file to write; the public key goes to FILE.pub.")
    var output: String

    @Flag(help: "Replace existing key files (codes signed with the old key stop verifying).")
    var force = false

    func run() throws {
        let signer = PassCodeSigner.generate()
        let publicFile = output + ".pub"
        do {
            try KeyFile.write(signer.privateKeyPEM, to: output, mode: 0o600, replace: force)
            try KeyFile.write(signer.publicKeyPEM, to: publicFile, mode: 0o644, replace: force)
        } catch let error as KeyFile.Failure {
            Terminal.error(error.message)
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        print("wrote \(output) (private: keep it on the server) and \(publicFile) (public: give it to verifiers); key id \(signer.keyID)")
    }
}

/// `papercheck verify`: checks a pass code against a PDF, offline.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a pass code against a PDF with the server's public key.",
        discussion: "Exit status: 0 the code is genuine and for this PDF (and profile, when given); 1 it is refused (altered, forged, another key, another PDF, another profile); 64 bad usage or unreadable files."
    )

    @Argument(help: "The pass code, as the server gave it (papercheck1....).") var code: String
    @Argument(help: "The PDF the code should be for.") var pdf: String
    @Option(name: .customLong("public-key"), help: "The server's public key (FILE.pub from papercheck keygen).") var publicKey: String
    @Option(help: "Refuse a code issued for another profile.") var profile: String?
    @Option(help: "human or json.") var format: VerifyFormat = .human

    enum VerifyFormat: String, ExpressibleByArgument, CaseIterable { case human, json }

    func run() throws {
        let verifier: PassCodeVerifier
        do {
            verifier = try PassCodeVerifier(contentsOf: URL(fileURLWithPath: publicKey))
        } catch {
            Terminal.error("\(publicKey): \(error.message)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let digest: String
        do {
            digest = try sha256Hex(ofFileAt: URL(fileURLWithPath: pdf))
        } catch {
            Terminal.error("\(pdf): cannot read the PDF: \((error as NSError).localizedFailureReason ?? "no such file or no permission")")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let result = verifier.verify(code, pdfSHA256: digest, profile: profile)
        try Terminal.writeStandardOutput(format == .json ? json(result, digest: digest) : human(result))
        if case .failure = result { throw ExitCode(ExitStatus.ruleFailed.rawValue) }
    }

    private func human(_ result: Result<PassStatement, PassCodeProblem>) -> String {
        switch result {
        case .success(let statement):
            let issued = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(statement.issued)))
            return "valid: \(statement.verdict.uppercased()) under \(statement.profile) (rules \(statement.rules), papercheck \(statement.tool)), issued \(issued), key \(statement.key)\n"
        case .failure(let problem):
            return "refused: \(problem.message)\n"
        }
    }

    private func json(_ result: Result<PassStatement, PassCodeProblem>, digest: String) throws -> String {
        struct Answer: Encodable {
            var valid: Bool
            var sha256: String
            var statement: PassStatement?
            var problem: Problem?
            struct Problem: Encodable { var code: String; var message: String }
        }
        var answer = Answer(valid: false, sha256: digest)
        switch result {
        case .success(let statement): answer.valid = true; answer.statement = statement
        case .failure(let problem): answer.problem = .init(code: problem.code, message: problem.message)
        }
        return String(decoding: try JSONEncoder.sorted.encode(answer), as: UTF8.self) + "\n"
    }
}

/// The server's signer, from `--signing-key`.
enum PassCodeIssuing {
    static func issuer(keyFile: String) throws -> PassCodeIssuer {
        let signer: PassCodeSigner
        do {
            signer = try PassCodeSigner(contentsOf: URL(fileURLWithPath: keyFile))
        } catch {
            Terminal.error("--signing-key \(keyFile): \(error.message)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        return { report, profile in
            guard let sha256 = report.sha256 else { return nil }
            return try? signer.code(sha256: sha256, profile: profile.id, rules: profile.digest,
                                    tool: PaperCheck.version, verdict: report.status.rawValue)
        }
    }
}

/// Key files written once: never through a link, never over an existing file unless asked.
enum KeyFile {
    struct Failure: Error { var message: String }

    static func write(_ text: String, to path: String, mode: mode_t, replace: Bool) throws {
        if replace, let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                throw Failure(message: "\(path): not a regular file; choose another --output")
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists (use --force to replace the key)" : String(cString: strerror(errno))
            throw Failure(message: "\(path): cannot write the key file: \(reason)")
        }
        defer { close(descriptor) }
        fchmod(descriptor, mode)  // the umask may have narrowed the public key's mode
        if let problem = Terminal.writeAll(Data(text.utf8), to: descriptor) {
            throw Failure(message: "\(path): cannot write the key file: \(problem)")
        }
    }
}
