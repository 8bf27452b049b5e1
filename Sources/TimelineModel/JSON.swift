// A small JSON parser that keeps where every value came from, so that validation errors can
// name the line and column. Foundation's decoders report only a coding path, and recurse
// without a limit; this one stops at `maximumDepth` with an error instead of overflowing the stack.

/// A parsed JSON value together with the byte offset where it starts in its file.
public struct JSONNode: Sendable {
    public var value: JSONValue
    public var offset: Int
}

public struct JSONMember: Sendable {
    public var key: String
    public var keyOffset: Int
    public var value: JSONNode
}

public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    /// Members in file order; duplicates are reported by the parser, so keys here are unique.
    case object([JSONMember])

    /// The name a user would use for this kind of value in an error message.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var offset: Int
    public var message: String
}

public enum JSONParser {
    public static let maximumDepth = 256

    public static func parse(_ bytes: [UInt8]) -> Result<JSONNode, JSONSyntaxError> {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer)
            do {
                if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                    throw JSONSyntaxError(offset: 0, message: "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without one")
                }
                parser.skipWhitespace()
                if parser.atEnd { throw JSONSyntaxError(offset: 0, message: "the file is empty; expected a JSON object") }
                let node = try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                if !parser.atEnd {
                    throw JSONSyntaxError(offset: parser.position, message: "unexpected \(parser.describeCurrent()) after the end of the JSON value")
                }
                return .success(node)
            } catch let error as JSONSyntaxError {
                return .failure(error)
            } catch {
                return .failure(JSONSyntaxError(offset: parser.position, message: "\(error)"))
            }
        }
    }
}

private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    func describeCurrent() -> String {
        guard position < bytes.count else { return "end of file" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? position, message: message)
    }

    mutating func parseValue(depth: Int) throws -> JSONNode {
        let start = position
        guard position < bytes.count else { throw error("unexpected end of file; the JSON is truncated") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            guard depth < JSONParser.maximumDepth else { throw error("values are nested more than \(JSONParser.maximumDepth) levels deep") }
            return JSONNode(value: try parseObject(depth: depth + 1), offset: start)
        case UInt8(ascii: "["):
            guard depth < JSONParser.maximumDepth else { throw error("values are nested more than \(JSONParser.maximumDepth) levels deep") }
            return JSONNode(value: try parseArray(depth: depth + 1), offset: start)
        case UInt8(ascii: "\""):
            return JSONNode(value: .string(try parseString()), offset: start)
        case UInt8(ascii: "t"):
            try expectLiteral("true"); return JSONNode(value: .bool(true), offset: start)
        case UInt8(ascii: "f"):
            try expectLiteral("false"); return JSONNode(value: .bool(false), offset: start)
        case UInt8(ascii: "n"):
            try expectLiteral("null"); return JSONNode(value: .null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: .number(try parseNumber()), offset: start)
        default:
            throw error("unexpected \(describeCurrent()); expected a value")
        }
    }

    mutating func expectLiteral(_ literal: String) throws {
        let start = position
        for byte in literal.utf8 {
            guard position < bytes.count, bytes[position] == byte else {
                throw error("invalid literal; expected '\(literal)'", at: start)
            }
            position += 1
        }
    }

    mutating func parseObject(depth: Int) throws -> JSONValue {
        position += 1  // {
        var members: [JSONMember] = []
        var seen: Set<String> = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of file inside an object; the JSON is truncated") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeCurrent()); expected a field name in double quotes")
            }
            let keyOffset = position
            let key = try parseString()
            guard seen.insert(key).inserted else { throw error("duplicate field \"\(key)\"", at: keyOffset) }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeCurrent()); expected ':' after the field name")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(JSONMember(key: key, keyOffset: keyOffset, value: value))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of file inside an object; the JSON is truncated") }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(members)
            default: throw error("unexpected \(describeCurrent()); expected ',' or '}'")
            }
        }
    }

    mutating func parseArray(depth: Int) throws -> JSONValue {
        position += 1  // [
        var elements: [JSONNode] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of file inside an array; the JSON is truncated") }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            default: throw error("unexpected \(describeCurrent()); expected ',' or ']'")
            }
        }
    }

    mutating func parseString() throws -> String {
        let open = position
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return try decodeUTF8(slice, at: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character (byte 0x\(String(byte, radix: 16, uppercase: true))) inside a string; write it as an escape such as \\n") }
            position += 1
        }
        guard position < bytes.count else { throw error("the file ends inside a string; the JSON is truncated", at: open) }
        var result = try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[start..<position]), at: start)
        var runStart = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                result += try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[runStart..<position]), at: runStart)
                position += 1
                return result
            }
            if byte < 0x20 { throw error("control character (byte 0x\(String(byte, radix: 16, uppercase: true))) inside a string; write it as an escape such as \\n") }
            if byte == UInt8(ascii: "\\") {
                result += try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[runStart..<position]), at: runStart)
                try parseEscape(into: &result)
                runStart = position
                continue
            }
            position += 1
        }
        throw error("the file ends inside a string; the JSON is truncated", at: open)
    }

    mutating func parseEscape(into result: inout String) throws {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw error("unterminated string", at: escapeStart) }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): result.append("\"")
        case UInt8(ascii: "\\"): result.append("\\")
        case UInt8(ascii: "/"): result.append("/")
        case UInt8(ascii: "b"): result.unicodeScalars.append("\u{8}")
        case UInt8(ascii: "f"): result.unicodeScalars.append("\u{C}")
        case UInt8(ascii: "n"): result.unicodeScalars.append("\n")
        case UInt8(ascii: "r"): result.unicodeScalars.append("\r")
        case UInt8(ascii: "t"): result.unicodeScalars.append("\t")
        case UInt8(ascii: "u"):
            var code = try parseHex4(escapeStart: escapeStart)
            if (0xD800...0xDBFF).contains(code) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error("lone high surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string", at: escapeStart)
                }
                position += 2
                let low = try parseHex4(escapeStart: escapeStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("high surrogate not followed by a low surrogate in a string", at: escapeStart)
                }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw error("lone low surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string", at: escapeStart)
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape", at: escapeStart) }
            result.unicodeScalars.append(scalar)
        default:
            throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))' in a string", at: escapeStart)
        }
    }

    mutating func parseHex4(escapeStart: Int) throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("incomplete \\u escape", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape; expected four hex digits", at: escapeStart)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    func decodeUTF8(_ slice: UnsafeBufferPointer<UInt8>, at offset: Int) throws -> String {
        if let string = String(validating: slice, as: UTF8.self) { return string }
        throw error("invalid UTF-8 in a string", at: offset + firstInvalidUTF8Offset(slice))
    }

    mutating func parseNumber() throws -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number", at: start) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw error("invalid number: leading zeros are not allowed", at: start) }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number: expected a digit after '.'", at: start) }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number: expected a digit in the exponent", at: start) }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw error("invalid number", at: start) }
        return value
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

/// The offset of the first byte that does not start a valid UTF-8 sequence (or `bytes.count`).
func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): offset += UTF8.width(scalar)
        case .emptyInput: return offset
        case .error: return offset
        }
    }
}

/// Line and column (both from 1; the column counts Unicode scalars) of a byte offset.
public func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    let end = min(offset, bytes.count)
    for i in 0..<end where bytes[i] == 0x0A {
        line += 1
        lineStart = i + 1
    }
    // Count scalars, not bytes, so a column matches what an editor shows; continuation bytes do not start a scalar.
    var column = 1
    for i in lineStart..<end where bytes[i] & 0xC0 != 0x80 { column += 1 }
    return (line, column)
}
