import Foundation
import TimelineModel

/// How a store keeps an event: its fields one after another, numbers as variable-length
/// integers and texts as their length and UTF-8 bytes, written and read by hand. Foundation's
/// JSON coders took about 18 µs to write an event and 30 µs to read one, more than the rest of
/// a build's work on it or of a redraw showing it. The details few events have (time of day,
/// end, display date, group, media) are kept as their JSON.
enum EventBytes {
    static func encode(_ event: Event) -> Data {
        var out = ByteWriter()
        out.text(event.id)
        out.date(event.date.date)
        if let derivation = event.date.derivation {
            out.byte(1)
            out.quote(derivation.quote)
            out.date(derivation.anchor)
            out.optionalText(derivation.note)
        } else {
            out.byte(0)
        }
        out.text(event.title)
        out.text(event.summary)
        out.byte(event.background ? 1 : 0)
        out.number(event.participants.count)
        for participant in event.participants {
            out.text(participant.person)
            out.text(participant.role)
            out.text(participant.part)
        }
        out.number(event.quotes.count)
        for quote in event.quotes { out.quote(quote) }
        let details = event.details
        if details.isEmpty {
            out.byte(0)
        } else {
            out.byte(1)
            out.bytes(Array((try? JSONEncoder().encode(details)) ?? Data()))
        }
        return Data(out.bytes)
    }

    /// The event `data` holds; nil when it is not one (the store was damaged).
    static func decode(_ data: Data) -> Event? {
        data.withUnsafeBytes { raw -> Event? in
            var input = ByteReader(raw)
            do {
                let id = try input.text()
                let date = try input.date()
                var derivation: DateDerivation?
                if try input.byte() == 1 {
                    derivation = DateDerivation(quote: try input.quote(), anchor: try input.date(), note: try input.optionalText())
                }
                let title = try input.text()
                let summary = try input.text()
                let background = try input.byte() == 1
                let participants = try (0..<input.count()).map { _ in
                    Participant(person: try input.text(), role: try input.text(), part: try input.text())
                }
                let quotes = try (0..<input.count()).map { _ in try input.quote() }
                var event = Event(id: id, date: EventDate(date: date, derivation: derivation), title: title, summary: summary,
                                  background: background, participants: participants, quotes: quotes)
                if try input.byte() == 1 { event.details = try JSONDecoder().decode(EventDetails.self, from: Data(try input.bytes())) }
                guard input.isAtEnd else { return nil }
                return event
            } catch {
                return nil
            }
        }
    }
}

/// Bytes being written: numbers as LEB128 (zigzag, so that a negative one stays short).
private struct ByteWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func number(_ value: Int) {
        var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func bytes(_ value: [UInt8]) {
        number(value.count)
        bytes += value
    }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            number(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalText(_ value: String?) {
        if let value {
            byte(1)
            text(value)
        } else {
            byte(0)
        }
    }

    mutating func date(_ date: TimelineDate) {
        byte(UInt8(DatePrecision.allCases.firstIndex(of: date.precision) ?? 0))
        number(date.firstDay)
        number(date.lastDay)
        text(date.iso)
    }

    mutating func quote(_ quote: Quote) {
        text(quote.source)
        text(quote.text)
        optionalText(quote.prefix)
        optionalText(quote.suffix)
        number(quote.start)
        number(quote.end)
    }
}

/// Bytes being read back, each read checked against the end and each text as UTF-8.
private struct ByteReader {
    struct Damaged: Error {}

    let raw: UnsafeRawBufferPointer
    var position = 0

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    var isAtEnd: Bool { position == raw.count }

    mutating func byte() throws(Damaged) -> UInt8 {
        guard position < raw.count else { throw Damaged() }
        defer { position += 1 }
        return raw[position]
    }

    mutating func number() throws(Damaged) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Damaged() }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { break }
            shift += 7
        }
        let signed = Int64(bitPattern: value)
        return Int((signed >> 1) ^ -(signed & 1))
    }

    /// A count of items that follow, each at least a byte long.
    mutating func count() throws(Damaged) -> Int {
        let count = try number()
        guard count >= 0, count <= raw.count - position else { throw Damaged() }
        return count
    }

    mutating func bytes() throws(Damaged) -> UnsafeRawBufferPointer {
        let count = try count()
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: raw[position..<position + count])
    }

    mutating func text() throws(Damaged) -> String {
        guard let text = String(validating: try bytes(), as: UTF8.self) else { throw Damaged() }
        return text
    }

    mutating func optionalText() throws(Damaged) -> String? {
        try byte() == 1 ? try text() : nil
    }

    mutating func date() throws(Damaged) -> TimelineDate {
        let precision = Int(try byte())
        guard DatePrecision.allCases.indices.contains(precision) else { throw Damaged() }
        return TimelineDate(precision: DatePrecision.allCases[precision], firstDay: try number(), lastDay: try number(), iso: try text())
    }

    mutating func quote() throws(Damaged) -> Quote {
        Quote(source: try text(), text: try text(), prefix: try optionalText(), suffix: try optionalText(), start: try number(), end: try number())
    }
}
