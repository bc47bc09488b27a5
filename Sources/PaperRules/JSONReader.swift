/// Typed access to a JSON document that is being validated, failing with the JSON path of the bad
/// value: shared by the rules file and the waivers file, each with its own error type.
struct JSONReader<Failure: Error> {
    /// Makes the error for a path and a message.
    let fail: (_ path: String, _ message: String) -> Failure

    func object(_ value: JSONValue?, at path: String) throws(Failure) -> [String: JSONValue] {
        guard let value else { throw fail(path, "required key is missing") }
        guard let object = value.objectValue else { throw fail(path, "expected an object, found \(value.typeName)") }
        return object
    }

    func array(_ value: JSONValue?, at path: String) throws(Failure) -> [JSONValue] {
        guard let value else { throw fail(path, "required key is missing") }
        guard let array = value.arrayValue else { throw fail(path, "expected an array, found \(value.typeName)") }
        return array
    }

    func string(_ value: JSONValue?, at path: String) throws(Failure) -> String {
        guard let value else { throw fail(path, "required key is missing") }
        guard let string = value.stringValue else { throw fail(path, "expected a string, found \(value.typeName)") }
        return string
    }

    func number(_ value: JSONValue?, at path: String) throws(Failure) -> Double {
        guard let value else { throw fail(path, "required key is missing") }
        guard case let .number(number) = value else { throw fail(path, "expected a number, found \(value.typeName)") }
        return number
    }

    /// Rejects keys outside `known`, naming the first unknown one.
    func rejectUnknownKeys(_ body: [String: JSONValue], known: Set<String>, at path: String) throws(Failure) {
        guard let unknown = body.keys.sorted().first(where: { !known.contains($0) }) else { return }
        let keyPath = path.isEmpty ? unknown : path + "." + unknown
        throw fail(keyPath, "unknown key (expected one of \(known.sorted().joined(separator: ", ")))")
    }
}
