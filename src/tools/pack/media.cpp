// [SECTION] Files in the source folder
// [SECTION] Videos from exhibit.toml
// [SECTION] Narration and subtitles
// [SECTION] Writing

#include "tools/pack/media.h"

#include "core/error.h"
#include "core/subtitles.h"
#include "media/poster.h"
#include "storage/media_rules.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace kiosk {

namespace {

// [SECTION] Files in the source folder -------------------------------------

// A file of the source folder, read where it lies.
class FileSource : public ByteSource {
  public:
    explicit FileSource(const fs::path& path) : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (m_fd < 0) throw MediaError("it cannot be opened");
        const off_t end = ::lseek(m_fd, 0, SEEK_END);
        m_size = end > 0 ? static_cast<uint64_t>(end) : 0;
    }
    ~FileSource() override { ::close(m_fd); }
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    uint64_t Size() const override { return m_size; }
    int64_t ReadAt(uint64_t offset, std::span<uint8_t> out) override {
        const ssize_t n = ::pread(m_fd, out.data(), out.size(), static_cast<off_t>(offset));
        return n < 0 ? -1 : n;
    }

  private:
    int m_fd;
    uint64_t m_size = 0;
};

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

const std::set<std::string> kVideoExt{".mp4", ".mkv", ".webm"};
const std::set<std::string> kAudioExt{".m4a", ".ogg", ".opus", ".mp3"};
const std::set<std::string> kSubtitleExt{".vtt", ".srt"};

std::string At(const fs::path& file, int line) {
    return line > 0 ? file.string() + " line " + std::to_string(line) : file.string();
}

class Collector {
  public:
    Collector(fs::path src, const Exhibit& ex, int thumb_width, int thumb_height, bool strict,
              std::vector<std::string>& problems, std::vector<std::string>& notes)
        : m_src(std::move(src)), m_ex(ex), m_thumb_width(thumb_width), m_thumb_height(thumb_height),
          m_strict(strict), m_problems(problems), m_notes(notes) {}

    void Problem(const std::string& where, const std::string& what) {
        m_problems.push_back(where + ": " + what);
    }
    // A warning: a note, or a problem when the curator asked for --strict.
    void Warning(const std::string& where, const std::string& what) {
        (m_strict ? m_problems : m_notes).push_back(where + ": " + what);
    }

    bool IsLanguage(const std::string& l) const {
        return std::find(m_ex.languages.begin(), m_ex.languages.end(), l) != m_ex.languages.end();
    }
    bool IsPanel(const std::string& id) const {
        return std::any_of(m_ex.panels.begin(), m_ex.panels.end(),
                           [&](const Panel& p) { return p.id == id; });
    }

    // Probes `path` for `role`; false (with a problem at `where`) when it fails.
    bool Probe(const fs::path& path, const std::string& where, const std::string& role,
               MediaInfo& info) {
        try {
            FileSource source(path);
            info = ProbeMedia(source);
        } catch (const MediaError& e) {
            Problem(where, e.what());
            return false;
        }
        if (auto p = RoleProblem(info, role); !p.empty()) {
            Problem(where, p);
            return false;
        }
        if (auto p = VideoSizeProblem(info, m_ex.screen_width, m_ex.screen_height); !p.empty()) {
            Problem(where, p);
            return false;
        }
        if (auto advice = HardwareDecodeAdvice(info); !advice.empty()) Warning(where, advice);
        return true;
    }

    // The video's poster frame, decoded and scaled like an image; false (with
    // a problem at `where`) when no frame of it can be decoded.
    bool MakePoster(MediaSourceFile& f, const std::string& where) {
        try {
            FileSource source(f.path);
            PosterFrame frame = DecodePosterFrame(source, f.entry.info.duration_ms);
            f.poster = PrepareScreenImage(std::move(frame.image), false, m_ex.screen_width,
                                          m_ex.screen_height, m_thumb_width, m_thumb_height);
            return true;
        } catch (const MediaError& e) {
            Problem(where, e.what());
        } catch (const std::bad_alloc&) {
            Problem(where, "there is not enough memory to decode its poster frame");
        }
        return false;
    }

    // [SECTION] Videos from exhibit.toml ---------------------------------
    void ReadVideos(MediaPlan& plan) {
        const fs::path manifest = m_src / "exhibit.toml";
        toml::table tbl;
        try {
            tbl = toml::parse_file(manifest.string());
        } catch (const toml::parse_error&) {
            return; // reported when the exhibit was read
        }
        if (const auto* narration = tbl.get_as<toml::table>("narration")) {
            const toml::node* synthetic = narration->get("synthetic");
            if (synthetic && !synthetic->is_boolean())
                Problem(At(manifest, static_cast<int>(synthetic->source().begin.line)),
                        "synthetic must be true or false");
            else if (synthetic)
                plan.synthetic_narration = synthetic->as_boolean()->get();
        }
        const auto* panels = tbl.get_as<toml::array>("panel");
        if (!panels) return;
        for (const auto& node : *panels) {
            const auto* pt = node.as_table();
            const auto* pid = pt ? pt->get_as<std::string>("id") : nullptr;
            const toml::node* vnode = pt ? pt->get("video") : nullptr;
            if (!pid || !vnode) continue;
            const auto* videos = vnode->as_array();
            if (!videos) {
                Problem(At(manifest, static_cast<int>(vnode->source().begin.line)),
                        "videos must be written as [[panel.video]] blocks");
                continue;
            }
            int position = 0;
            for (const auto& vn : *videos) {
                const int line = static_cast<int>(vn.source().begin.line);
                const auto* vt = vn.as_table();
                const auto* file = vt ? vt->get_as<std::string>("file") : nullptr;
                if (!file) {
                    Problem(At(manifest, line), "each [[panel.video]] needs file = \"video/…\"");
                    continue;
                }
                const std::string rel = file->get();
                const int fline = static_cast<int>(file->source().begin.line);
                if (rel.empty() || fs::path(rel).is_absolute() ||
                    rel.find("..") != std::string::npos) {
                    Problem(At(manifest, fline),
                            "video file '" + rel + "' must be a path inside the exhibit folder");
                    continue;
                }
                const fs::path path = (m_src / rel).lexically_normal();
                if (!kVideoExt.count(Lower(path.extension().string()))) {
                    Problem(At(manifest, fline),
                            "video file '" + rel + "' must be an .mp4, .mkv or .webm file");
                    continue;
                }
                if (!fs::is_regular_file(path)) {
                    Problem(At(manifest, fline),
                            "video file '" + rel + "' is missing; check the name and the folder");
                    continue;
                }
                const auto* kind_node = vt->get_as<std::string>("kind");
                const auto kind = ParseImageKind(kind_node ? kind_node->get() : "photo");
                if (!kind) {
                    Problem(At(manifest, static_cast<int>(kind_node->source().begin.line)),
                            "video kind '" + kind_node->get() +
                                "' is unknown; use photo (recorded footage), illustration or map");
                    continue;
                }
                bool speech = true;
                if (const toml::node* sp = vt->get("speech")) {
                    if (!sp->is_boolean()) {
                        Problem(At(manifest, static_cast<int>(sp->source().begin.line)),
                                "speech must be true or false");
                        continue;
                    }
                    speech = sp->as_boolean()->get();
                }
                const std::string stem = path.stem().string();
                if (auto it = m_video_by_stem.find(stem); it != m_video_by_stem.end()) {
                    Problem(At(manifest, fline),
                            "two videos are named '" + stem + "'; subtitles/LANG/" + stem +
                                ".vtt could belong to either, so give each video its own name");
                    continue;
                }
                MediaSourceFile f;
                f.path = path;
                f.entry.source_name = rel;
                f.entry.role = "video";
                f.entry.panel = pid->get();
                f.entry.position = position;
                f.entry.kind = ImageKindName(*kind);
                const std::string where = At(manifest, fline) + ": video '" + rel + "'";
                if (!Probe(path, where, "video", f.entry.info) || !MakePoster(f, where)) {
                    // Its subtitles are checked once the video is fixed.
                    m_video_by_stem[stem] = {kFailed, speech, At(manifest, fline)};
                    continue;
                }
                ++position;
                m_video_by_stem[stem] = {plan.files.size(), speech, At(manifest, fline)};
                plan.files.push_back(std::move(f));
            }
        }
    }

    // [SECTION] Narration and subtitles ----------------------------------
    // audio/LANG/PANEL-ID.ext and subtitles/LANG/NAME.ext: a folder or file
    // that matches nothing is a mistake (a typo would silently hide it).
    template <typename OnFile>
    void ForEachByLanguage(const char* folder, const std::set<std::string>& exts, const char* what,
                           OnFile on_file) {
        const fs::path dir = m_src / folder;
        if (!fs::is_directory(dir)) return;
        std::vector<fs::path> entries;
        for (const auto& e : fs::directory_iterator(dir))
            entries.push_back(e.path());
        std::sort(entries.begin(), entries.end());
        for (const auto& lang_dir : entries) {
            const std::string lang = lang_dir.filename().string();
            if (!fs::is_directory(lang_dir)) continue;
            if (!IsLanguage(lang)) {
                Problem(lang_dir.string(), "'" + lang +
                                               "' is not one of the exhibit's languages (" +
                                               Languages() + "); rename the folder");
                continue;
            }
            std::vector<fs::path> files;
            for (const auto& f : fs::directory_iterator(lang_dir))
                if (f.is_regular_file()) files.push_back(f.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files) {
                if (f.filename().string().front() == '.') continue; // editor and OS litter
                if (!exts.count(Lower(f.extension().string()))) {
                    std::string list;
                    for (const auto& e : exts)
                        list += (list.empty() ? "" : ", ") + e;
                    Problem(f.string(),
                            std::string("not ") + what + ": this folder takes " + list + " files");
                    continue;
                }
                on_file(lang, f);
            }
        }
    }

    std::string Languages() const {
        std::string s;
        for (const auto& l : m_ex.languages)
            s += (s.empty() ? "" : ", ") + l;
        return s;
    }

    void ReadNarration(MediaPlan& plan) {
        std::set<std::pair<std::string, std::string>> seen;
        ForEachByLanguage(
            "audio", kAudioExt, "narration", [&](const std::string& lang, const fs::path& f) {
                const std::string panel = f.stem().string();
                if (!IsPanel(panel)) {
                    Problem(f.string(), "there is no panel '" + panel +
                                            "' in exhibit.toml; name the file after the panel it "
                                            "reads aloud (audio/" +
                                            lang + "/PANEL-ID" + f.extension().string() + ")");
                    return;
                }
                if (!seen.insert({lang, panel}).second) {
                    Problem(f.string(), "panel '" + panel + "' already has narration in '" + lang +
                                            "'; keep one file");
                    return;
                }
                MediaSourceFile m;
                m.path = f;
                m.entry.source_name = fs::relative(f, m_src).string();
                m.entry.role = "narration";
                m.entry.panel = panel;
                m.entry.lang = lang;
                if (Probe(f, f.string(), "narration", m.entry.info))
                    plan.files.push_back(std::move(m));
            });
    }

    void ReadSubtitles(MediaPlan& plan) {
        std::set<std::pair<std::string, std::string>> have; // (stem, lang)
        ForEachByLanguage(
            "subtitles", kSubtitleExt, "subtitles",
            [&](const std::string& lang, const fs::path& f) {
                const std::string stem = f.stem().string();
                auto video = m_video_by_stem.find(stem);
                if (video == m_video_by_stem.end()) {
                    Problem(f.string(), "no video is named '" + stem +
                                            "'; subtitles take the name of their video "
                                            "(video/" +
                                            stem + ".mp4 -> subtitles/" + lang + "/" + stem +
                                            ".vtt)");
                    return;
                }
                if (video->second.index == kFailed) return;
                if (!have.insert({stem, lang}).second) {
                    Problem(f.string(), "video '" + stem + "' already has subtitles in '" + lang +
                                            "'; keep one file");
                    return;
                }
                std::error_code ec;
                const auto size = fs::file_size(f, ec);
                std::string text;
                if (!ec && size <= kMaxSubtitleBytes) {
                    std::ifstream in(f, std::ios::binary);
                    std::ostringstream ss;
                    ss << in.rdbuf();
                    text = ss.str();
                }
                if (ec || size > kMaxSubtitleBytes) {
                    Problem(f.string(), "cannot be read, or is larger than " +
                                            std::to_string(kMaxSubtitleBytes >> 20) +
                                            " MB (subtitles are a few hundred KB at most)");
                    return;
                }
                const MediaSourceFile& v = plan.files[video->second.index];
                const Subtitles subs = ParseSubtitles(text);
                const auto problems = SubtitleProblems(subs, v.entry.info.duration_ms, f.string());
                if (!problems.empty()) {
                    m_problems.insert(m_problems.end(), problems.begin(), problems.end());
                    return;
                }
                MediaSourceFile m;
                m.path = f;
                m.entry.source_name = fs::relative(f, m_src).string();
                m.entry.role = "subtitles";
                m.entry.panel = v.entry.panel;
                m.entry.position = v.entry.position;
                m.entry.lang = lang;
                m.entry.info.container = Lower(f.extension().string()).substr(1);
                m.entry.info.duration_ms = subs.cues.empty() ? 0 : subs.cues.back().end_ms;
                plan.files.push_back(std::move(m));
            });
        // Visitors who read a language the exhibit offers get no words for a
        // video that speaks without its subtitles.
        for (const auto& [stem, video] : m_video_by_stem) {
            if (!video.speech || video.index == kFailed) continue;
            for (const auto& lang : m_ex.languages)
                if (!have.count({stem, lang}))
                    Warning(video.where, "video '" + plan.files[video.index].entry.source_name +
                                             "' has no subtitles in '" + lang +
                                             "'; add subtitles/" + lang + "/" + stem +
                                             ".vtt, or write speech = false when the video has "
                                             "no spoken words");
        }
    }

  private:
    static constexpr size_t kFailed = SIZE_MAX; // a video that did not probe
    struct VideoRef {
        size_t index = 0; // into plan.files
        bool speech = true;
        std::string where;
    };
    fs::path m_src;
    const Exhibit& m_ex;
    int m_thumb_width;
    int m_thumb_height;
    bool m_strict;
    std::vector<std::string>& m_problems;
    std::vector<std::string>& m_notes;
    std::map<std::string, VideoRef> m_video_by_stem;
};

} // namespace

MediaPlan CollectMedia(const fs::path& src, const Exhibit& exhibit, int thumb_width,
                       int thumb_height, bool strict, std::vector<std::string>& problems,
                       std::vector<std::string>& notes) {
    MediaPlan plan;
    Collector c(src, exhibit, thumb_width, thumb_height, strict, problems, notes);
    c.ReadVideos(plan);
    c.ReadNarration(plan);
    c.ReadSubtitles(plan);
    return plan;
}

// [SECTION] Writing ---------------------------------------------------------

void WriteMedia(PackageWriter& writer, const MediaPlan& plan) {
    for (const auto& f : plan.files) {
        try {
            MediaEntry entry = f.entry;
            if (const auto& p = f.poster)
                entry.poster_image_id =
                    writer.AddImage(f.entry.source_name + " (poster frame)", p->format, p->w, p->h,
                                    p->data, p->thumb_format, p->tw, p->th, p->thumb);
            FileSource source(f.path);
            writer.AddMedia(entry, source);
        } catch (const MediaError& e) {
            throw PackageError(f.path.string() + ": " + e.what());
        }
    }
}

} // namespace kiosk
