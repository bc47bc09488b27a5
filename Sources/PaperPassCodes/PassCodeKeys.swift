import Crypto
import Foundation

/// Why a key file cannot be used; the message says which kind of file is expected.
public enum PassCodeKeyError: Error, Equatable, Sendable {
    /// The file could not be read (the reason), or is too big to be a key.
    case unreadable(String)
    /// No PEM block with the expected label.
    case notPEM(expected: String)
    /// A PEM block of the right label, but not an Ed25519 key.
    case notEd25519(expected: String)

    /// One sentence saying what the file should be.
    public var message: String {
        switch self {
        case .unreadable(let reason): "cannot read the key file: \(reason)"
        case .notPEM(let expected): "not a PEM key file: expected '-----BEGIN \(expected)-----' (as `papercheck keygen` or OpenSSL write it)"
        case .notEd25519(let expected): "not an Ed25519 \(expected.lowercased()): make one with `papercheck keygen --output FILE` (or `openssl genpkey -algorithm ed25519`)"
        }
    }
}

/// Ed25519 keys in the PEM forms OpenSSL reads and writes: a private key as PKCS#8
/// (RFC 8410: the 16-byte DER header then the 32-byte seed), a public key as SubjectPublicKeyInfo
/// (the 12-byte header then the 32-byte key). Both headers are fixed for Ed25519, so a key is
/// its header followed by its raw bytes: no general ASN.1 reader is needed, and anything else
/// (another algorithm, extra attributes) is refused rather than misread.
enum PassCodeKeys {
    static let privateHeader: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let publicHeader: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
    static let maxFileBytes = 64 << 10

    static func read(_ url: URL) throws(PassCodeKeyError) -> String {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
            guard data.count <= maxFileBytes else { throw PassCodeKeyError.unreadable("it is over 64 KB, so not a key") }
            return String(decoding: data, as: UTF8.self)
        } catch let error as PassCodeKeyError {
            throw error
        } catch {
            throw .unreadable((error as NSError).localizedFailureReason ?? "no such file or no permission")
        }
    }

    static func privateKey(fromPEM text: String) throws(PassCodeKeyError) -> Curve25519.Signing.PrivateKey {
        let raw = try rawKey(text, label: "PRIVATE KEY", header: privateHeader)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else { throw .notEd25519(expected: "PRIVATE KEY") }
        return key
    }

    static func publicKey(fromPEM text: String) throws(PassCodeKeyError) -> Curve25519.Signing.PublicKey {
        let raw = try rawKey(text, label: "PUBLIC KEY", header: publicHeader)
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { throw .notEd25519(expected: "PUBLIC KEY") }
        return key
    }

    /// The 32 key bytes after the fixed DER `header` of the PEM block `label`.
    private static func rawKey(_ text: String, label: String, header: [UInt8]) throws(PassCodeKeyError) -> Data {
        let der = try block(text, label: label)
        guard der.count == header.count + 32, der.starts(with: header) else { throw .notEd25519(expected: label) }
        return der.dropFirst(header.count)
    }

    static func privatePEM(seed: Data) -> String { pem(Data(privateHeader) + seed, label: "PRIVATE KEY") }

    static func publicPEM(rawPublicKey: Data) -> String { pem(Data(publicHeader) + rawPublicKey, label: "PUBLIC KEY") }

    static func keyID(ofRawPublicKey key: Data) -> String {
        SHA256.hash(data: key).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// The base64 body between the BEGIN and END lines of `label`.
    private static func block(_ text: String, label: String) throws(PassCodeKeyError) -> Data {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex),
              let der = Data(base64Encoded: text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }) else {
            throw .notPEM(expected: label)
        }
        return der
    }

    private static func pem(_ der: Data, label: String) -> String {
        let body = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }
}
