/// The result of checking one or more files against one profile.
public struct Report: Codable, Equatable, Sendable {
    /// The value of `schema` in reports this version writes (`schemas/report.schema.json`).
    public static let schemaIdentifier = "papercheck.report/1"

    /// The report schema identifier, `papercheck.report/1`.
    public var schema: String
    /// The program that wrote the report.
    public var tool: Tool
    /// The profile the files were checked against.
    public var profile: ProfileInfo
    /// One report per input file, in input order.
    public var files: [FileReport]
    /// Counts over `files`.
    public var summary: Summary
    /// Findings about the run rather than one file, such as a waiver that matched nothing.
    /// Absent (nil) when there are none, so reports without them read as before.
    public var notices: [Finding]?
    /// How the run was stopped before every file was checked (`interrupt` for SIGINT, `terminate`
    /// for SIGTERM), with `unchecked` files left; absent for a complete run.
    public var stopped: String?
    /// Inputs without a result because the run was stopped; absent for a complete run.
    public var unchecked: Int?

    /// The name and version of the program that wrote a report.
    public struct Tool: Codable, Equatable, Sendable {
        /// The program name, `papercheck`.
        public var name: String
        /// The program version, e.g. `0.1.0`.
        public var version: String
        /// Makes a tool description.
        public init(name: String = "papercheck", version: String) {
            self.name = name
            self.version = version
        }
    }

    /// Which profile a report used.
    public struct ProfileInfo: Codable, Equatable, Sendable {
        /// The profile id, e.g. `vdl2016`.
        public var id: String
        /// The profile's human-readable title.
        public var title: String
        /// The `schemaVersion` of the rules file the profile came from.
        public var rulesSchemaVersion: Int
        /// Makes a profile description.
        public init(id: String, title: String, rulesSchemaVersion: Int) {
            self.id = id
            self.title = title
            self.rulesSchemaVersion = rulesSchemaVersion
        }
    }

    /// Counts over the files: by status, then findings by severity (waived ones only in `waived`).
    public struct Summary: Codable, Equatable, Sendable {
        /// Number of files.
        public var files: Int
        /// Files with status `pass`.
        public var pass: Int
        /// Files with status `warn`.
        public var warn: Int
        /// Files with status `fail`.
        public var fail: Int
        /// Files with status `error` (could not be checked).
        public var error: Int
        /// Listed submissions without a PDF (status `missing`); written only when there are some.
        public var missing: Int
        /// Error findings that no waiver covers.
        public var errors: Int
        /// Warning findings that no waiver covers.
        public var warnings: Int
        /// Findings that a waiver covers. Reports written before waivers existed lack it: read as 0.
        public var waived: Int

        /// Makes a summary from counts.
        public init(files: Int, pass: Int, warn: Int, fail: Int, error: Int, errors: Int, warnings: Int, waived: Int = 0,
                    missing: Int = 0) {
            self.missing = missing
            self.files = files
            self.pass = pass
            self.warn = warn
            self.fail = fail
            self.error = error
            self.errors = errors
            self.warnings = warnings
            self.waived = waived
        }

        private enum CodingKeys: String, CodingKey {
            case files, pass, warn, fail, error, missing, errors, warnings, waived
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(files, forKey: .files)
            try container.encode(pass, forKey: .pass)
            try container.encode(warn, forKey: .warn)
            try container.encode(fail, forKey: .fail)
            try container.encode(error, forKey: .error)
            if missing > 0 { try container.encode(missing, forKey: .missing) }
            try container.encode(errors, forKey: .errors)
            try container.encode(warnings, forKey: .warnings)
            try container.encode(waived, forKey: .waived)
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            files = try container.decode(Int.self, forKey: .files)
            pass = try container.decode(Int.self, forKey: .pass)
            warn = try container.decode(Int.self, forKey: .warn)
            fail = try container.decode(Int.self, forKey: .fail)
            error = try container.decode(Int.self, forKey: .error)
            errors = try container.decode(Int.self, forKey: .errors)
            warnings = try container.decode(Int.self, forKey: .warnings)
            waived = try container.decodeIfPresent(Int.self, forKey: .waived) ?? 0
            missing = try container.decodeIfPresent(Int.self, forKey: .missing) ?? 0
        }
    }

    /// A report over `files`, with the summary counted from them.
    /// - Parameter notices: run-level findings (e.g. `WaiverSet.unmatchedNotices(after:)`); stored as nil when empty.
    public init(toolVersion: String, profile: Profile, rulesSchemaVersion: Int, files: [FileReport],
                notices: [Finding] = []) {
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
                          warnings: files.reduce(0) { $0 + $1.warningCount },
                          waived: files.reduce(0) { $0 + $1.waivedCount },
                          missing: files.filter { $0.status == .missing }.count)
        self.notices = notices.isEmpty ? nil : notices
    }
}
