/// Why an archive, or a member of one, is not checked: an error result of its own, with a code
/// and a sentence that says what to do. Never a silent skip.
public struct ArchiveProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of refusal, as the `errorCode` of the result.
    public enum Code: String, Sendable, CaseIterable {
        /// A member name that could escape a folder or mislead a reader: absolute, `..`, a
        /// backslash, a drive letter, control characters, not UTF-8, or the same name twice.
        case unsafePath = "archive-unsafe-path"
        /// A member or an archive past `ArchiveLimits`: too large, too compressed, too many entries.
        case bomb = "archive-bomb"
        /// Encrypted members, compression other than stored and deflate, archives split over disks.
        case unsupported = "archive-unsupported"
        /// Not a zip archive, or a damaged one (directory, headers, compressed data, CRC-32).
        case unreadable = "archive-unreadable"
        /// A member path that names no member of the archive (as a missing file is `unreadable`).
        case missingMember = "unreadable"
    }

    /// What kind of refusal.
    public var code: Code
    /// One sentence, without the path: what is wrong and what to do about it.
    public var reason: String

    /// A refusal of kind `code`, said by `reason`.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The reason, for messages that add the path themselves.
    public var description: String { reason }

    static func unreadable(_ what: String) -> ArchiveProblem {
        ArchiveProblem(.unreadable, "\(what); download the archive again, or unpack it with another tool and check the folder")
    }
}
