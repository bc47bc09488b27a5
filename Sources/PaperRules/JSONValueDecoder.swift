import Foundation

/// Decodes a `Decodable` straight from a `JSONValue`, without encoding it to text and parsing it
/// again. Rules are validated against their kind's specs first, so a failure here is a mismatch
/// between a kind's specs and its `Parameters` type, which a test looks for; it still becomes a
/// `RuleSetError` with the path, never a crash. The keys each object was asked for are recorded,
/// so that test can see that specs and type name the same keys.
struct JSONValueDecoder {
    /// Keys read, by the path of their object (`""` for the top).
    final class Reads: @unchecked Sendable {
        var keys: [String: Set<String>] = [:]
    }

    let reads = Reads()

    func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, path: String) throws(RuleSetError) -> T {
        do {
            return try T(from: ValueDecoder(value: value, codingPath: [], reads: reads))
        } catch let error as DecodingError {
            throw RuleSetError.invalid(path: path, problem: error)
        } catch let error as RuleSetError {
            throw error
        } catch {
            throw RuleSetError(path: path, message: "cannot be read (\(type))")
        }
    }
}

/// A key in a coding path: a member name or an array index.
private struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

private func pathText(_ codingPath: [CodingKey]) -> String {
    codingPath.reduce("") { partial, key in
        key.intValue.map { partial + "[\($0)]" } ?? (partial.isEmpty ? key.stringValue : partial + "." + key.stringValue)
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [CodingKey]
    let reads: JSONValueDecoder.Reads
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let members = value.objectValue else {
            throw DecodingError.typeMismatch([String: JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an object"))
        }
        reads.keys[pathText(codingPath), default: []].formUnion([])
        return KeyedDecodingContainer(Keyed<Key>(members: members, codingPath: codingPath, reads: reads))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard let items = value.arrayValue else {
            throw DecodingError.typeMismatch([JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an array"))
        }
        return Unkeyed(items: items, codingPath: codingPath, reads: reads)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        Single(value: value, codingPath: codingPath, reads: reads)
    }
}

/// Decodes one scalar or nested value; shared by the three containers.
private func decodeValue<T: Decodable>(_ type: T.Type, _ value: JSONValue, at codingPath: [CodingKey],
                                       reads: JSONValueDecoder.Reads) throws -> T {
    func mismatch(_ expected: Any.Type) -> DecodingError {
        .typeMismatch(expected, .init(codingPath: codingPath, debugDescription: "found \(value.typeName)"))
    }
    switch type {
    case is Double.Type:
        guard case let .number(number) = value else { throw mismatch(Double.self) }
        return number as! T
    case is Int.Type:
        // Validated numbers are bounded, so the conversion cannot trap; a fraction is a mismatch.
        guard case let .number(number) = value, number.isFinite, number == number.rounded(), abs(number) < 1e15 else {
            throw mismatch(Int.self)
        }
        return Int(number) as! T
    case is String.Type:
        guard let text = value.stringValue else { throw mismatch(String.self) }
        return text as! T
    case is Bool.Type:
        guard case let .bool(flag) = value else { throw mismatch(Bool.self) }
        return flag as! T
    default:
        return try T(from: ValueDecoder(value: value, codingPath: codingPath, reads: reads))
    }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [CodingKey]
    let reads: JSONValueDecoder.Reads
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    private func note(_ key: Key) {
        reads.keys[pathText(codingPath), default: []].insert(key.stringValue)
    }

    func contains(_ key: Key) -> Bool {
        note(key)
        return members[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        note(key)
        return (members[key.stringValue] ?? .null) == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        note(key)
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return try decodeValue(type, value, at: codingPath + [key], reads: reads)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        note(key)
        return try ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key], reads: reads)
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        note(key)
        return try ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key], reads: reads)
            .unkeyedContainer()
    }

    func superDecoder() throws -> Decoder {
        ValueDecoder(value: .object(members), codingPath: codingPath, reads: reads)
    }

    func superDecoder(forKey key: Key) throws -> Decoder {
        note(key)
        return ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key], reads: reads)
    }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [CodingKey]
    let reads: JSONValueDecoder.Reads
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (JSONValue, [CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "no more elements"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [PathKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try decodeValue(type, value, at: path, reads: reads)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path, reads: reads).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path, reads: reads).unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder {
        let (value, path) = try next()
        return ValueDecoder(value: value, codingPath: path, reads: reads)
    }
}

private struct Single: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [CodingKey]
    let reads: JSONValueDecoder.Reads

    func decodeNil() -> Bool { value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(type, value, at: codingPath, reads: reads)
    }
}
