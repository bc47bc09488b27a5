/// The result of checking one or more files against one profile.
public struct Report: Codable, Equatable, Sendable {
    public static let schemaIdentifier = "papercheck.report/1"

    public var schema: String
    public var tool: Tool
    public var profile: ProfileInfo
    public var files: [FileReport]
    public var summary: Summary

    public struct Tool: Codable, Equatable, Sendable {
        public var name: String
        public var version: String
        public init(name: String = "papercheck", version: String) {
            self.name = name
            self.version = version
        }
    }

    public struct ProfileInfo: Codable, Equatable, Sendable {
        public var id: String
        public var title: String
        public var rulesSchemaVersion: Int
        public init(id: String, title: String, rulesSchemaVersion: Int) {
            self.id = id
            self.title = title
            self.rulesSchemaVersion = rulesSchemaVersion
        }
    }

    public struct Summary: Codable, Equatable, Sendable {
        public var files: Int
        public var pass: Int
        public var warn: Int
        public var fail: Int
        public var error: Int
        public var errors: Int
        public var warnings: Int
    }

    public init(toolVersion: String, profile: Profile, rulesSchemaVersion: Int, files: [FileReport]) {
        schema = Self.schemaIdentifier
        tool = Tool(version: toolVersion)
        self.profile = ProfileInfo(id: profile.id, title: profile.title, rulesSchemaVersion: rulesSchemaVersion)
        self.files = files
        summary = Summary(files: files.count,
                          pass: files.filter { $0.status == .pass }.count,
                          warn: files.filter { $0.status == .warn }.count,
                          fail: files.filter { $0.status == .fail }.count,
                          error: files.filter { $0.status == .error }.count,
                          errors: files.reduce(0) { $0 + $1.errorCount },
                          warnings: files.reduce(0) { $0 + $1.warningCount })
    }
}
