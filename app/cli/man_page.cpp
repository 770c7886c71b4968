#include "app/cli/man_page.h"

#include <cctype>
#include <cstdio>
#include <sstream>
#include <vector>

#include "app/cli/help_text.h"

namespace vlae::cli {

namespace {

// What roff may print as is. A backslash becomes \e; a hyphen becomes \- (a minus, which man
// leaves unbroken and a search for "--out" finds) everywhere with `literal` (option names, values,
// commands), else only where it starts a word ("--layer", "-R"), not inside one ("side-by-side").
// With `literal`, a space is an unbreakable "\ " ("INT:[1, 100]" stays on one line). Any other
// character than printable ASCII is written as \[uXXXX], so the page reads the same in any locale.
std::string roff(const std::string& text, bool literal) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      const bool starts_word = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
      out += literal || starts_word ? "\\-" : "-";
    } else if (c == ' ' && literal) {
      out += "\\ ";
    } else if (c < 0x20 || c == 0x7f) {
      out += ' ';
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // UTF-8: a lead byte and its continuation bytes; anything malformed is U+FFFD.
      const int extra = c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
      unsigned long code = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0f : c & 0x1f;
      bool ok = extra > 0 && i + static_cast<size_t>(extra) < text.size();
      for (int k = 1; ok && k <= extra; ++k) {
        const unsigned char next = static_cast<unsigned char>(text[i + k]);
        ok = (next & 0xc0) == 0x80;
        code = (code << 6) | (next & 0x3f);
      }
      ok = ok && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) &&
           code >= (extra == 1   ? 0x80ul
                    : extra == 2 ? 0x800ul
                                 : 0x10000ul);
      if (ok) {
        i += extra;
      } else {
        code = 0xfffd;
      }
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "\\[u%04lX]", code);
      out += buffer;
    }
  }
  return out;
}

std::string prose(const std::string& text) { return roff(one_line(text), false); }
std::string bold(const std::string& text) { return "\\fB" + roff(text, true) + "\\fR"; }
std::string italic(const std::string& text) { return "\\fI" + roff(text, true) + "\\fR"; }

// A macro's argument, in double quotes (a quote inside is \(dq).
std::string argument(const std::string& text) {
  std::string out = "\"";
  for (char c : roff(one_line(text), false)) out += c == '"' ? std::string("\\(dq") : std::string(1, c);
  return out + "\"";
}

// Writes `line` as a text line: one starting with a control character ('.' or '\'') is shielded
// with \&, and an empty one is left out (it would be a blank line, which roff reads as a break).
void text(std::ostringstream& s, const std::string& line) {
  if (line.empty()) return;
  if (line[0] == '.' || line[0] == '\'') s << "\\&";
  s << line << "\n";
}

bool is_flag(const CLI::Option& opt) { return opt.get_type_size_max() <= 0 || opt.get_expected_max() <= 0; }
bool takes_many(const CLI::Option& opt) { return !is_flag(opt) && opt.get_items_expected_max() > 1; }

// The visible options of `app`, the ones of its option groups (nameless subcommands whose options
// belong to it) merged in; without its help flags where `skip_help`.
void collect_options(const CLI::App& app, const CLI::App& owner, bool skip_help, std::vector<const CLI::Option*>& out) {
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    if (skip_help && (opt == owner.get_help_ptr() || opt == owner.get_help_all_ptr())) continue;
    out.push_back(opt);
  }
  for (const CLI::App* group : app.get_subcommands([](const CLI::App* sub) { return sub->get_name().empty(); }))
    collect_options(*group, owner, skip_help, out);
}

std::vector<const CLI::Option*> options_of(const CLI::App& app, bool skip_help) {
  std::vector<const CLI::Option*> out;
  collect_options(app, app, skip_help, out);
  return out;
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) {
    return !sub->get_name().empty() && !sub->get_disabled() && !sub->get_group().empty();
  });
}

// "-o, --out" in bold, after the positional's name in italics.
std::string names_of(const CLI::Option& opt) {
  std::vector<std::string> names;
  if (opt.get_positional()) names.push_back(italic(opt.get_name(true, false)));
  for (const std::string& n : opt.get_snames()) names.push_back(bold("-" + n));
  for (const std::string& n : opt.get_lnames()) names.push_back(bold("--" + n));
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

// The option's tag for .TP: its names, then the value as CLI11 shows it ("INT:[1, 100]",
// "TEXT:{grid,resample}"), with "..." where it takes several.
std::string tag_of(const CLI::Option& opt) {
  std::string tag = names_of(opt);
  if (is_flag(opt)) return tag;
  const std::string type = opt.get_type_name();
  if (!type.empty()) tag += " " + italic(type);
  if (takes_many(opt)) tag += " .\\|.\\|.";
  return tag;
}

// The option's description, and whether it is required, its default and its variable.
std::string about_of(const CLI::Option& opt) {
  std::string about = prose(opt.get_description());
  auto add = [&about](const std::string& part) { about += (about.empty() ? "" : " ") + part; };
  if (opt.get_required()) add("(required)");
  if (!opt.get_default_str().empty()) add("(default: " + bold(opt.get_default_str()) + ")");
  if (!opt.get_envname().empty()) add("(environment: " + bold(opt.get_envname()) + ")");
  return about;
}

void option_entries(std::ostringstream& s, const std::vector<const CLI::Option*>& options) {
  // Positionals first, in their order on the command line, then the options as declared.
  for (int positional = 1; positional >= 0; --positional)
    for (const CLI::Option* opt : options) {
      if (opt->get_positional() != (positional == 1)) continue;
      s << ".TP\n";
      text(s, tag_of(*opt));
      text(s, about_of(*opt));
    }
}

// "vlae traverse run --out TEXT [OPTIONS]": the positionals (optional ones in brackets), the
// required options, then [OPTIONS] for the rest.
std::string usage_of(const std::string& path, const std::vector<const CLI::Option*>& options, bool has_more) {
  std::string usage = bold(path);
  for (const CLI::Option* opt : options) {
    if (!opt->get_positional()) continue;
    std::string word = italic(opt->get_name(true, false));
    if (takes_many(*opt)) word += ".\\|.\\|.";
    usage += " " + (opt->get_required() ? word : "[" + word + "]");
  }
  bool optional = has_more;
  for (const CLI::Option* opt : options) {
    if (opt->get_positional() && !opt->nonpositional()) continue;
    if (!opt->get_required()) {
      optional = true;
      continue;
    }
    usage += " " + bold(opt->get_name());
    if (!is_flag(*opt)) {
      const std::string type = opt->get_type_name();
      usage += " " + italic(type.empty() ? "VALUE" : type.substr(0, type.find(':')));
    }
  }
  if (optional) usage += " [" + italic("OPTIONS") + "]";
  return usage;
}

// One subsection per runnable (sub)command, depth first in the order --help lists them. A group
// that needs one of its subcommands gets none of its own.
void commands(std::ostringstream& s, const CLI::App& app, const std::string& path) {
  for (const CLI::App* sub : visible_subcommands(app)) {
    const std::string sub_path = path + " " + sub->get_name();
    const bool group = !visible_subcommands(*sub).empty() && sub->get_require_subcommand_min() > 0;
    if (!group) {
      s << ".SS " << argument(sub_path) << "\n";
      std::string about = prose(sub->get_description());
      if (!about.empty() && about.back() != '.') about += ".";
      if (!sub->get_aliases().empty()) {
        std::string aliases;
        for (const std::string& alias : sub->get_aliases()) aliases += (aliases.empty() ? "" : ", ") + bold(alias);
        about += (about.empty() ? "" : " ") + std::string("Also called ") + aliases + ".";
      }
      text(s, about);
      const std::vector<const CLI::Option*> options = options_of(*sub, true);
      const bool has_help = sub->get_help_ptr() != nullptr || sub->get_help_all_ptr() != nullptr;
      s << ".PP\n";
      text(s, usage_of(sub_path, options, has_help));
      option_entries(s, options);
    }
    commands(s, *sub, sub_path);
  }
}

void entry(std::ostringstream& s, const std::string& tag, const std::string& about) {
  s << ".TP\n";
  text(s, tag);
  text(s, about);
}

}  // namespace

std::string man_page(const CLI::App& app, const std::string& program, const std::string& version) {
  std::string title;
  for (char c : program) title += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string bare_version = one_line(version);
  if (bare_version.rfind(program + " ", 0) == 0) bare_version.erase(0, program.size() + 1);
  // The root's description reads "vlae: train and explore ..."; NAME wants what follows the colon.
  std::string summary = one_line(app.get_description());
  if (summary.rfind(program + ":", 0) == 0) summary = one_line(summary.substr(program.size() + 1));
  if (summary.empty()) summary = "command-line tool";

  std::ostringstream s;
  s << ".\\\" The manual page of " << program << ", generated from its command tree by `" << program
    << " man`; do not edit.\n";
  s << ".TH " << argument(title) << " 1 \"\" "
    << argument(bare_version.empty() ? program : program + " " + bare_version) << " \"User Commands\"\n";
  // No hyphenation (option names, paths and commands must not break at a made-up hyphen), and
  // ragged right, which reads better than justified lines without it.
  s << ".nh\n.ad l\n";

  s << ".SH NAME\n";
  text(s, roff(program, true) + " \\- " + prose(summary));

  s << ".SH SYNOPSIS\n";
  text(s, bold(program) + (visible_subcommands(app).empty() ? "" : " " + italic("COMMAND")) + " [" + italic("OPTIONS") +
              "]");
  for (const CLI::Option* flag : {app.get_help_all_ptr(), app.get_version_ptr()}) {
    if (flag == nullptr || flag->get_group().empty()) continue;
    s << ".br\n";
    text(s, bold(program) + " " + bold(flag->get_name()));
  }

  s << ".SH DESCRIPTION\n";
  text(s,
       "A Variational Ladder Autoencoder (VLAE) is a hierarchical variational autoencoder whose more abstract "
       "latent layers sit behind deeper networks (Zhao, Song and Ermon, 2017).");
  text(s, bold(program) + " trains such models into run folders, and writes figures and reports from those runs; " +
              bold("vlae-explorer") + "(1) is the graphical program for exploring them.");

  const std::vector<const CLI::Option*> root_options = options_of(app, false);
  if (!root_options.empty()) {
    s << ".SH OPTIONS\n";
    option_entries(s, root_options);
  }

  if (!visible_subcommands(app).empty()) {
    s << ".SH COMMANDS\n";
    if (const CLI::Option* help = app.get_help_ptr(); help != nullptr && !help->get_group().empty())
      text(s, "Every command also takes " + names_of(*help) + ", which prints its options and exits.");
    commands(s, app, program);
  }

  s << ".SH \"EXIT STATUS\"\n";
  entry(s, bold("0"), "Success.");
  entry(s, bold("1"), "A runtime error (a bad file, bad data); one line on standard error says what.");
  entry(s, bold("2"), "A usage error (a bad option or value); one line on standard error says what.");

  s << ".SH ENVIRONMENT\n";
  entry(s, bold("VLAE_DATA_DIR"),
        "The folder data sets are read from and fetched into; " + italic("./data") + " when unset.");
  entry(s, bold("VLAE_SHARE_DIR"),
        "The folder holding " + italic("presets/") + ", " + italic("shaders/") + " and " + italic("fonts/") +
            "; by default " + italic("share/vlae-explorer") + " beside the program's " + italic("bin/") + " folder.");
  entry(s, bold("VLAE_ASSETS_DIR"),
        "A folder holding " + italic("presets/") + "; its presets override the installed ones.");
  entry(s, bold("OMP_NUM_THREADS"), "The number of CPU threads, as " + bold("--threads") + ".");
  entry(s, bold("VLAE_CPU_ISA"), bold("avx2") + " caps the CPU kernels at AVX2.");

  s << ".SH FILES\n";
  text(s, "A run is a folder, " + italic("RUN") + " below, that " + bold(program + " train") +
              " writes and the other commands read:");
  auto in_run = [](const std::string& name) { return italic("RUN") + bold("/" + name); };
  entry(s, in_run("config.json"), "The full resolved config.");
  entry(s, in_run("checkpoint.pt"),
        "Model, optimizer, step and config in one file, written atomically; the previous ones are kept as " +
            italic("RUN") + bold("/checkpoint-") + italic("STEP") + bold(".pt") + ".");
  entry(s, in_run("history/"), "Weights-only copies at steps 100, 200, 400, .\\|.\\|.");
  entry(s, in_run("state.json"), "Step, seed and wall time.");
  entry(s, in_run("metrics.jsonl"),
        "One line per logged step: loss, reconstruction, KL per layer, beta, learning rate, images/s, wall time.");
  entry(s, in_run("hierarchy.jsonl"), "The hierarchy measured as it grew, when tracked.");
  entry(s, in_run("explorer.json"), "The explorer's code and picks.");

  s << ".SH \"SEE ALSO\"\n";
  text(s, bold("vlae-explorer") + "(1)");
  return s.str();
}

}  // namespace vlae::cli
