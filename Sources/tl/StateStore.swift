import Foundation
import TimelineStore
import TimelineModel
import TimelineUI

/// Where a timeline's stars, notes and last place are kept: one JSON file per timeline (by its
/// title and file path) in `$XDG_STATE_HOME/tl/` (default `~/.local/state/tl/`), never in the
/// timeline's own folder. Written atomically (`AtomicFile.write`); a file that cannot be read is set aside and reported.
struct StateStore {
    let file: URL

    init(title: String, path: String) {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        // FNV-1a of title and path: the same timeline finds the same file, another one another.
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in (title + "\n" + path).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        let slug = String(title.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.prefix(40))
        file = URL(fileURLWithPath: base).appendingPathComponent("tl").appendingPathComponent("\(slug)-\(String(hash, radix: 16)).json")
    }

    /// The store of a timeline as `tl` was asked to open it.
    init(_ timelineTitle: String, dataPath: String?) {
        let path = dataPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "(bundled)"
        self.init(title: timelineTitle, path: path)
    }

    struct Loaded {
        var marks = Marks()
        var place: Place?
        /// What went wrong with a file that could not be read (it was set aside).
        var problem: String?
    }

    /// The kept marks and place; a missing file is an empty store, a broken one is renamed
    /// `….corrupt` and reported, and the browser goes on without it.
    func load() -> Loaded {
        guard let data = FileManager.default.contents(atPath: file.path) else { return Loaded() }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let starred = (object["starred"] ?? []) as? [String], let notes = (object["notes"] ?? [:]) as? [String: String] else {
            let aside = file.path + ".corrupt"
            try? FileManager.default.removeItem(atPath: aside)
            try? FileManager.default.moveItem(atPath: file.path, toPath: aside)
            return Loaded(problem: "The stars and notes file was unreadable and was set aside as \(aside)")
        }
        var loaded = Loaded(marks: Marks(starred: Set(starred), notes: notes))
        if let place = object["place"] as? [String: Any], let event = place["event"] as? String {
            let view: Place.View = switch (place["view"] as? String, place["id"] as? String) {
            case ("person", let id?): .person(id)
            case ("measure", let id?): .measure(id)
            case ("source", let id?): .source(id, passage: place["passage"] as? Int ?? 0)
            default: .timeline
            }
            loaded.place = Place(event: event, view: view)
        }
        return loaded
    }

    /// Writes marks and place atomically: a temporary file beside the store, flushed to disk,
    /// then renamed over it, so a crash or a kill leaves the old file or the new, never half.
    func save(_ marks: Marks, _ place: Place?, title: String) throws {
        var object: [String: Any] = ["timeline": title, "starred": marks.starred.sorted(), "notes": marks.notes]
        if let place {
            var kept: [String: Any] = ["event": place.event]
            switch place.view {
            case .timeline: kept["view"] = "timeline"
            case .person(let id): kept["view"] = "person"; kept["id"] = id
            case .measure(let id): kept["view"] = "measure"; kept["id"] = id
            case .source(let id, let passage): kept["view"] = "source"; kept["id"] = id; kept["passage"] = passage
            }
            object["place"] = kept
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(data, to: file)
    }
}

/// Puts text on the terminal's clipboard (OSC 52; tmux takes it into its buffer when
/// set-clipboard is on) and, when TL_CLIPBOARD_FILE names one, into that file.
func copyToClipboard(_ text: String) {
    let clean = TerminalText.sanitize(text, multiline: true)
    let sequence = "\u{1B}]52;c;" + Data(clean.utf8).base64EncodedString() + "\u{07}"
    _ = sequence.withCString { write(1, $0, strlen($0)) }
    if let path = ProcessInfo.processInfo.environment["TL_CLIPBOARD_FILE"], !path.isEmpty {
        try? AtomicFile.write(Data(clean.utf8), to: URL(fileURLWithPath: path))
    }
}
