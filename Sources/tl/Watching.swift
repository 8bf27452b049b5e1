import Foundation
import Synchronization
import TimelineModel
import TimelineStore
import TimelineUI

#if canImport(Glibc)
import Glibc
#endif

/// Watches a timeline's files for saves: inotify on their folders (so the rename an editor does
/// on save is seen as well as a write in place), or, where inotify cannot be had, a look at each
/// file's size, time and inode now and then.
final class FileWatcher {
    private let paths: [String]
    private var descriptor: Int32 = -1
    /// For polling: what each file looked like last time.
    private var looks: [String: [Int]] = [:]
    private var lastPoll = 0.0
    /// When the last change was seen (monotonic seconds); nil when none is waiting.
    private(set) var changedAt: Double?

    init(paths: [String]) {
        self.paths = paths
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB)
        if descriptor >= 0 {
            for folder in Set(paths.map { ($0 as NSString).deletingLastPathComponent }) {
                if inotify_add_watch(descriptor, folder.isEmpty ? "." : folder, mask) < 0 { close(descriptor); descriptor = -1; break }
            }
        }
        if descriptor < 0 { for path in paths { looks[path] = FileWatcher.look(path) } }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func look(_ path: String) -> [Int] {
        var status = stat()
        guard stat(path, &status) == 0 else { return [] }
        return [Int(status.st_size), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec), Int(status.st_ino)]
    }

    /// Notes any change to the watched files since the last call.
    func check() {
        let names = Set(paths.map { ($0 as NSString).lastPathComponent })
        if descriptor >= 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                guard count > 0 else { break }
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let length = buffer.withUnsafeBytes { $0.load(fromByteOffset: offset + 12, as: UInt32.self) }
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let nameBytes = buffer[nameStart..<min(count, nameStart + Int(length))].prefix { $0 != 0 }
                    if names.contains(String(decoding: nameBytes, as: UTF8.self)) { changedAt = FileWatcher.now() }
                    offset = nameStart + Int(length)
                }
            }
            return
        }
        guard FileWatcher.now() - lastPoll > 0.3 else { return }
        lastPoll = FileWatcher.now()
        for path in paths {
            let current = FileWatcher.look(path)
            if looks[path] != current { looks[path] = current; changedAt = FileWatcher.now() }
        }
    }

    /// Whether the files have been quiet for `settle` seconds since a change (an editor's save is
    /// often a truncate and several writes): then the change is taken, and forgotten here.
    func takeSettledChange(settle: Double = 0.015) -> Bool {
        guard let changedAt, FileWatcher.now() - changedAt >= settle else { return false }
        self.changedAt = nil
        return true
    }
}

/// A store the browser reads, watched for `tl index` putting a new one in its place, which is
/// then read with the view kept (the place, the search, the filter, as after a save of the
/// JSON), and for saves of the timeline file it was built from, which reach it only through
/// `tl index` and so are said. A store changed in place is not a new one: `tl index` renames
/// what it built over the old, so only a new file (inode) is read.
final class StoreWatch {
    private var store: SQLiteStorage
    private var inode: UInt64?
    /// The store's sources compared with what it was built from, on a thread of its own.
    private var staleness: StalenessCheck
    private let storeWatcher: FileWatcher
    private let timelineWatcher: FileWatcher?

    init(_ store: SQLiteStorage) {
        self.store = store
        inode = StoreWatch.inode(store.path)
        staleness = StalenessCheck(store)
        storeWatcher = FileWatcher(paths: [store.path])
        timelineWatcher = store.builtFrom.flatMap { FileManager.default.fileExists(atPath: $0.path) ? FileWatcher(paths: [$0.path]) : nil }
    }

    private static func inode(_ path: String) -> UInt64? {
        var status = stat()
        return stat(path, &status) == 0 ? UInt64(status.st_ino) : nil
    }

    /// What changed since the last call, as the program's inputs; the staleness of the store
    /// only once there is a browser to say it in.
    func news(browsing: Bool) -> [Input] {
        var news: [Input] = []
        storeWatcher.check()
        // A little longer than a save's settling: the new store is whole once it is renamed in.
        if storeWatcher.takeSettledChange(settle: 0.05), let now = StoreWatch.inode(store.path), now != inode {
            inode = now
            do {
                let newer = try SQLiteStorage(path: store.path, onFailure: Browser.storeFailed)
                (store, staleness) = (newer, StalenessCheck(newer))
                news += [.reloaded(newer.timeline()), .notice("Reloaded the rebuilt store")]
            } catch {
                news.append(.notice("The new store cannot be read, so the browser keeps the one it read: \(error)"))
            }
        }
        if let timelineWatcher {
            timelineWatcher.check()
            if timelineWatcher.takeSettledChange(), let file = store.builtFrom?.path {
                news.append(.notice("\((file as NSString).lastPathComponent) saved: `tl index` shows it here"))
            }
        }
        if browsing, let stale = staleness.takeNews() { news.append(.notice(stale)) }
        return news
    }
}

/// Whether a store still matches the files it was built from, worked out on a thread of its own.
final class StalenessCheck: Sendable {
    private let outcome = Mutex<String??>(nil)

    init(_ store: SQLiteStorage) {
        Thread.detachNewThread {
            // Beside the keys, not ahead of them (on Linux a nice value is the calling thread's).
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            let staleness = store.staleness()
            self.outcome.withLock { $0 = .some(staleness) }
        }
    }

    /// Why the store is out of date, once, when it turns out to be.
    func takeNews() -> String? {
        outcome.withLock { outcome in
            guard case .some(.some(let staleness)) = outcome else { return nil }
            outcome = .some(nil)
            return "The store is out of date (\(staleness)): `tl index` brings it up to date"
        }
    }
}

/// The files of a timeline on disk that a browser watches and `e` opens: the timeline file and
/// the source texts.
struct TimelinePaths {
    let timeline: String
    private let files: TimelineFiles
    private let t: Timeline

    init(_ files: TimelineFiles, _ t: Timeline) {
        timeline = files.displayPath(files.mainFile)
        self.files = files
        self.t = t
    }

    /// The file of the source with this id. (Looked up when asked: a store may hold a
    /// million sources.)
    func source(_ id: String) -> String? { t.sourceWithoutText(id).map { files.displayPath($0.file) } }

    /// The timeline file and every source's, each once.
    var all: [String] { [timeline] + Set(t.sources.map { files.displayPath($0.file) }).sorted() }
}

/// The items the problems of a save concern, read from the file by each problem's JSON path
/// (`$.events[3].quotes[0]` concerns the fourth event): its id, when the file is JSON.
func problemTargets(_ error: TimelineLoadError, timelineFile: String) -> [ProblemTarget?] {
    let object = FileManager.default.contents(atPath: timelineFile).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    return error.diagnostics.map { diagnostic in
        guard let object, let path = diagnostic.path, let match = path.firstMatch(of: /^\$\.(events|people|measures|sources)\[(\d+)\]/),
              let items = object[String(match.1)] as? [[String: Any]], let i = Int(match.2), items.indices.contains(i),
              let id = items[i]["id"] as? String else { return nil }
        switch match.1 {
        case "events": return .event(id)
        case "people": return .person(id)
        case "measures": return .measure(id)
        default: return .source(id)
        }
    }
}

/// The line where an edit request's place is in a file: a line as asked, the line of the object
/// with that id (`"id": "…"`), or of the first place the text is written (as JSON writes it).
func line(of place: EditRequest.Place, in path: String) -> Int {
    switch place {
    case .line(let line): return line
    case .object(let value), .text(let value):
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return 1 }
        // The value as the file writes it: quoted and escaped for an id, the inside for a text.
        let quoted = JSONOut.string(value).rendered()
        let written = { if case .object = place { quoted } else { String(quoted.dropFirst().dropLast()) } }()
        var searchFrom = text.startIndex
        while let found = text.range(of: written, range: searchFrom..<text.endIndex) {
            searchFrom = found.upperBound
            if case .object = place {
                // Only `"id": "value"`: the same value elsewhere is a reference to the object.
                let before = text[..<found.lowerBound].reversed().drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
                guard before.first == ":" else { continue }
                let key = String(before.dropFirst().drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }.prefix(4).reversed())
                guard key == "\"id\"" else { continue }
            }
            return text[..<found.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        }
        return 1
    }
}
