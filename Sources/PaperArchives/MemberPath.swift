import Foundation

/// A member of a zip archive named as an input path: the archive's path as given, `!/`, then the
/// member's name (`submissions.zip!/101/paper.pdf`).
///
/// A path is a member path only when it is not a file: if the whole path exists on disk it is a
/// file (a name may contain `!/`); otherwise it is a member when a prefix that ends in `.zip` (any
/// case) before a `!/` is a regular file. Archives inside archives are not opened, so there is one
/// `!/` level at most.
public struct MemberPath: Equatable, Hashable, Sendable {
    /// Between the archive's path and the member's name.
    public static let separator = "!/"

    /// The archive's path, as given.
    public var archive: String
    /// The member's name in the archive's central directory (`101/paper.pdf`).
    public var member: String

    /// The member `member` of `archive`.
    public init(archive: String, member: String) {
        self.archive = archive
        self.member = member
    }

    /// The input path: `archive!/member`.
    public var path: String { archive + Self.separator + member }

    /// The member a path names, or nil when it names a file (or nothing at all).
    public static func locate(_ path: String) -> MemberPath? {
        guard path.contains(separator), !exists(path) else { return nil }
        var searchStart = path.startIndex
        while let marker = path.range(of: separator, range: searchStart..<path.endIndex) {
            let archive = String(path[..<marker.lowerBound])
            if isArchiveName(archive), isRegularFile(archive) {
                return MemberPath(archive: archive, member: String(path[marker.upperBound...]))
            }
            searchStart = marker.upperBound
        }
        return nil
    }

    /// Whether a file name is that of a zip archive: it ends in `.zip`, in any case.
    public static func isArchiveName(_ name: String) -> Bool { name.lowercased().hasSuffix(".zip") }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}
