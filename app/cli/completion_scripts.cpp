#include "app/cli/completion_scripts.h"

#include <cctype>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "app/cli/help_text.h"

namespace vlae::cli {

namespace {

// What follows an option or fills a positional.
enum class Value {
  None,    // a flag
  Any,     // a value with nothing to offer (a number, a name)
  File,    // a file (or folder) name
  Dir,     // a folder name
  Choice,  // one of a fixed set (CLI::IsMember)
};

struct Arg {
  std::vector<std::string> long_names;   // "--out"
  std::vector<std::string> short_names;  // "-o"
  std::string description;
  Value value = Value::None;
  std::vector<std::string> choices;
  bool many = false;  // a positional that takes every remaining word
};

struct Subcommand {
  std::string name, path, description;  // path: where it leads ("data fetch")
};

struct Command {
  std::string path;  // "" for the program itself, else "data fetch"
  std::string description;
  std::vector<Subcommand> subcommands;  // aliases appear as subcommands of their own, same path
  std::vector<Arg> options, positionals;
};

// Lower-case words of letters and digits.
std::set<std::string> words_of(const std::string& text) {
  std::set<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.insert(word);
      word.clear();
    }
  }
  return words;
}

bool has_any(const std::set<std::string>& words, std::initializer_list<const char*> wanted) {
  for (const char* w : wanted)
    if (words.count(w)) return true;
  return false;
}

// Option::get_type_name() is the value's type, then ":" and the description of each validator;
// CLI::IsMember describes itself as its set, "{grid,resample}". (A CLI::Transform or a
// CLI::CheckedTransform map reads "{a->1,b->2}" and is skipped.)
std::vector<std::string> choices_in(const std::string& type_name) {
  for (size_t open = type_name.find(":{"); open != std::string::npos; open = type_name.find(":{", open + 1)) {
    const size_t close = type_name.find('}', open);
    if (close == std::string::npos) break;
    if (close + 1 != type_name.size() && type_name[close + 1] != ':') continue;
    const std::string body = type_name.substr(open + 2, close - open - 2);
    if (body.empty() || body.find("->") != std::string::npos || body.find('{') != std::string::npos) continue;
    std::vector<std::string> choices;
    std::stringstream in(body);
    for (std::string choice; std::getline(in, choice, ',');)
      if (!choice.empty()) choices.push_back(choice);
    return choices;
  }
  return {};
}

// What an option's value is, from its type, its validators, its names and its description.
Value value_of(const CLI::Option& opt, std::vector<std::string>& choices) {
  if (opt.get_type_size_max() <= 0 || opt.get_expected_max() <= 0) return Value::None;
  const std::string type = opt.get_type_name();
  choices = choices_in(type);
  if (!choices.empty()) return Value::Choice;
  const std::string base = type.substr(0, type.find(':'));
  for (const char* number : {"INT", "UINT", "FLOAT", "NUMBER", "BOOLEAN", "FLAG"})
    if (base == number) return Value::Any;

  std::string names;
  for (const std::string& n : opt.get_lnames()) names += n + " ";
  if (opt.get_positional()) names += opt.get_name(true, false);
  const std::set<std::string> name_words = words_of(names);
  const std::set<std::string> about = words_of(opt.get_description());
  const bool path_name =
      has_any(name_words, {"out", "output", "resume", "file", "files", "path", "paths", "dir", "directory", "folder",
                           "preset", "config", "trace", "checkpoint", "run", "image", "images", "input", "log"});
  const bool names_files = has_any(about, {"file", "files"}) || has_any(name_words, {"file", "files"});
  if (!path_name && !names_files) return Value::Any;
  const bool folder = has_any(name_words, {"dir", "directory", "folder"}) || has_any(about, {"folder", "directory"});
  return folder && !names_files ? Value::Dir : Value::File;
}

void add_arguments(const CLI::App& app, Command& command) {
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    Arg arg;
    arg.description = one_line(opt->get_description());
    arg.value = value_of(*opt, arg.choices);
    if (opt->nonpositional()) {
      for (const std::string& n : opt->get_lnames()) arg.long_names.push_back("--" + n);
      for (const std::string& n : opt->get_snames()) arg.short_names.push_back("-" + n);
      command.options.push_back(arg);
    }
    if (opt->get_positional()) {
      if (arg.value == Value::None) arg.value = Value::Any;
      arg.long_names.clear();
      arg.short_names.clear();
      arg.many = opt->get_items_expected_max() > 1;
      command.positionals.push_back(arg);
    }
  }
  // Option groups are nameless subcommands whose options belong to `app`.
  for (const CLI::App* group : app.get_subcommands([](const CLI::App* sub) { return sub->get_name().empty(); }))
    add_arguments(*group, command);
}

void walk(const CLI::App& app, const std::string& path, std::vector<Command>& commands) {
  Command command;
  command.path = path;
  command.description = one_line(app.get_description());
  add_arguments(app, command);
  const std::vector<const CLI::App*> subs = app.get_subcommands([](const CLI::App* sub) {
    return !sub->get_name().empty() && !sub->get_disabled() && !sub->get_group().empty();
  });
  for (const CLI::App* sub : subs) {
    const std::string sub_path = path.empty() ? sub->get_name() : path + " " + sub->get_name();
    const std::string about = one_line(sub->get_description());
    command.subcommands.push_back({sub->get_name(), sub_path, about});
    for (const std::string& alias : sub->get_aliases()) command.subcommands.push_back({alias, sub_path, about});
  }
  commands.push_back(command);
  for (const CLI::App* sub : subs) walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), commands);
}

// A word for the shells' identifiers: "vlae" -> "vlae", "my-tool" -> "my_tool".
std::string identifier(const std::string& program) {
  std::string id;
  for (char c : program) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return id.empty() ? "_" : id;
}

// Single-quoted for bash and zsh: 'it'\''s'.
std::string sh_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Single-quoted for fish: 'it\'s'.
std::string fish_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// zsh's _describe reads "name:description"; a colon in the name is escaped.
std::string zsh_item(const std::string& name, const std::string& description) {
  std::string out;
  for (char c : name) {
    if (c == ':') out += '\\';
    out += c;
  }
  return description.empty() ? out : out + ":" + description;
}

std::string sh_list(const std::vector<std::string>& items) {
  std::string out = "(";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? " " : "") + sh_quote(items[i]);
  return out + ")";
}

char value_letter(Value v) {
  switch (v) {
    case Value::File:
      return 'f';
    case Value::Dir:
      return 'd';
    case Value::Choice:
      return 'c';
    default:
      return 'v';
  }
}

// The case tables bash and zsh share. F_sub PATH WORD: whether WORD is a subcommand at PATH; sets
// _r to its path. F_opt PATH OPTION: whether OPTION takes a value there; sets _r to what it takes
// (f file, d folder, c one of _c, v anything). F_pos PATH N: the same for the Nth positional.
std::string sh_tables(const std::vector<Command>& commands, const std::string& f) {
  std::ostringstream s;
  s << f << "_sub() {\n  case \"$1|$2\" in\n";
  for (const Command& c : commands)
    for (const Subcommand& sub : c.subcommands)
      s << "    " << sh_quote(c.path + "|" + sub.name) << ") _r=" << sh_quote(sub.path) << " ;;\n";
  s << "    *) return 1 ;;\n  esac\n}\n\n";

  s << f << "_opt() {\n  _c=()\n  case \"$1|$2\" in\n";
  for (const Command& c : commands)
    for (const Arg& o : c.options) {
      if (o.value == Value::None) continue;
      std::string patterns;
      for (const auto* names : {&o.long_names, &o.short_names})
        for (const std::string& n : *names) patterns += (patterns.empty() ? "" : "|") + sh_quote(c.path + "|" + n);
      s << "    " << patterns << ") _r=" << value_letter(o.value);
      if (o.value == Value::Choice) s << "; _c=" << sh_list(o.choices);
      s << " ;;\n";
    }
  s << "    *) _r=''; return 1 ;;\n  esac\n}\n\n";

  s << f << "_pos() {\n  _c=()\n  case \"$1|$2\" in\n";
  for (const Command& c : commands)
    for (size_t i = 0; i < c.positionals.size(); ++i) {
      const Arg& p = c.positionals[i];
      s << "    " << sh_quote(c.path + "|" + std::to_string(i));
      if (p.many) s << "|" << sh_quote(c.path + "|") << "*";
      s << ") _r=" << value_letter(p.value);
      if (p.value == Value::Choice) s << "; _c=" << sh_list(p.choices);
      s << " ;;\n";
    }
  s << "    *) _r=''; return 1 ;;\n  esac\n}\n\n";
  return s.str();
}

// The names offered for an option: its long names, or its short ones when it has none.
const std::vector<std::string>& offered_names(const Arg& o) {
  return o.long_names.empty() ? o.short_names : o.long_names;
}

std::string bash_script(const std::vector<Command>& commands, const std::string& program) {
  const std::string f = "_" + identifier(program);
  std::ostringstream s;
  s << "# bash completion for " << program << ", generated from its command tree by `" << program
    << " completions bash`.\n"
    << "# Load it with:  source <(" << program << " completions bash)\n\n";
  s << sh_tables(commands, f);

  s << "# " << f << "_list PATH: sets _s to the subcommands and _o to the options at PATH.\n";
  s << f << "_list() {\n  case $1 in\n";
  for (const Command& c : commands) {
    std::vector<std::string> subs, opts;
    for (const Subcommand& sub : c.subcommands) subs.push_back(sub.name);
    for (const Arg& o : c.options)
      for (const std::string& n : offered_names(o)) opts.push_back(n);
    s << "    " << sh_quote(c.path) << ") _s=" << sh_list(subs) << "; _o=" << sh_list(opts) << " ;;\n";
  }
  s << "  esac\n}\n\n";

  s << f << "_match() {\n"
    << "  local w\n"
    << "  for w in \"$@\"; do [[ $w == \"$cur\"* ]] && COMPREPLY+=(\"$w\"); done\n"
    << "  return 0\n}\n\n";

  s << f << "_value() {\n"
    << "  local w\n"
    << "  case $_r in\n"
    << "    f | d)\n"
    << "      compopt -o filenames 2>/dev/null\n"
    << "      while IFS= read -r w; do COMPREPLY+=(\"$w\"); done < <(compgen -\"$_r\" -- \"$cur\") ;;\n"
    << "    c) " << f << "_match \"${_c[@]}\" ;;\n"
    << "  esac\n"
    << "  return 0\n}\n\n";

  s << f << "() {\n"
    << "  local cur=${COMP_WORDS[COMP_CWORD]} p='' w='' pend='' i n=0 _r=''\n"
    << "  local -a _c=() _s=() _o=()\n"
    << "  COMPREPLY=()\n"
    << "  # \"--out=x\" comes as the words --out, = and x.\n"
    << "  [[ $cur == = ]] && cur=''\n"
    << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
    << "    w=${COMP_WORDS[i]}\n"
    << "    if [[ -n $pend ]]; then\n"
    << "      [[ $w == = ]] || pend=''\n"
    << "      continue\n"
    << "    fi\n"
    << "    case $w in\n"
    << "      -- | -*=*) ;;\n"
    << "      -*) " << f << "_opt \"$p\" \"$w\" && pend=$w ;;\n"
    << "      *) if " << f << "_sub \"$p\" \"$w\"; then p=$_r n=0; else n=$((n + 1)); fi ;;\n"
    << "    esac\n"
    << "  done\n"
    << "  if [[ -n $pend ]]; then\n"
    << "    " << f << "_opt \"$p\" \"$pend\"\n"
    << "    " << f << "_value\n"
    << "    return 0\n"
    << "  fi\n"
    << "  " << f << "_list \"$p\"\n"
    << "  if [[ $cur == -* ]]; then\n"
    << "    " << f << "_match \"${_o[@]}\"\n"
    << "    return 0\n"
    << "  fi\n"
    << "  " << f << "_match \"${_s[@]}\"\n"
    << "  if " << f << "_pos \"$p\" \"$n\"; then\n"
    << "    " << f << "_value\n"
    << "  elif ((${#_s[@]} == 0)); then\n"
    << "    " << f << "_match \"${_o[@]}\"\n"
    << "  fi\n"
    << "  return 0\n"
    << "}\n\n";
  s << "complete -F " << f << " " << sh_quote(program) << "\n";
  return s.str();
}

std::string zsh_script(const std::vector<Command>& commands, const std::string& program) {
  const std::string f = "_" + identifier(program);
  std::ostringstream s;
  s << "#compdef " << program << "\n"
    << "# zsh completion for " << program << ", generated from its command tree by `" << program
    << " completions zsh`.\n"
    << "# Install it as " << f << " in a folder of $fpath before compinit runs, or load it after compinit with:\n"
    << "#   source <(" << program << " completions zsh)\n\n";
  s << sh_tables(commands, f);

  s << "# " << f << "_list PATH: sets _s to the subcommands and _o to the options at PATH, as name:description.\n";
  s << f << "_list() {\n  case $1 in\n";
  for (const Command& c : commands) {
    std::vector<std::string> subs, opts;
    for (const Subcommand& sub : c.subcommands) subs.push_back(zsh_item(sub.name, sub.description));
    for (const Arg& o : c.options)
      for (const std::string& n : offered_names(o)) opts.push_back(zsh_item(n, o.description));
    s << "    " << sh_quote(c.path) << ")\n      _s=" << sh_list(subs) << "\n      _o=" << sh_list(opts) << " ;;\n";
  }
  s << "  esac\n}\n\n";

  s << f << "_value() {\n"
    << "  case $_r in\n"
    << "    f) _files ;;\n"
    << "    d) _files -/ ;;\n"
    << "    c) compadd -a _c ;;\n"
    << "    *) _message value ;;\n"
    << "  esac\n}\n\n";

  s << f << "() {\n"
    << "  local cur=${words[CURRENT]} p='' w='' pend='' i n=0 _r='' ret=1\n"
    << "  local -a _c _s _o\n"
    << "  for ((i = 2; i < CURRENT; i++)); do\n"
    << "    w=${words[i]}\n"
    << "    if [[ -n $pend ]]; then\n"
    << "      pend=''\n"
    << "      continue\n"
    << "    fi\n"
    << "    case $w in\n"
    << "      -- | -*=*) ;;\n"
    << "      -*) " << f << "_opt \"$p\" \"$w\" && pend=$w ;;\n"
    << "      *) if " << f << "_sub \"$p\" \"$w\"; then p=$_r n=0; else n=$((n + 1)); fi ;;\n"
    << "    esac\n"
    << "  done\n"
    << "  if [[ -n $pend ]]; then\n"
    << "    " << f << "_opt \"$p\" \"$pend\"\n"
    << "    " << f << "_value\n"
    << "    return\n"
    << "  fi\n"
    << "  if [[ $cur == -*=* ]]; then\n"
    << "    " << f << "_opt \"$p\" \"${cur%%=*}\" || return 1\n"
    << "    compset -P '*='\n"
    << "    " << f << "_value\n"
    << "    return\n"
    << "  fi\n"
    << "  " << f << "_list \"$p\"\n"
    << "  if [[ $cur == -* ]]; then\n"
    << "    _describe -t options option _o\n"
    << "    return\n"
    << "  fi\n"
    << "  (( ${#_s} )) && _describe -t commands command _s && ret=0\n"
    << "  if " << f << "_pos \"$p\" \"$n\"; then\n"
    << "    " << f << "_value && ret=0\n"
    << "  elif (( ! ${#_s} )); then\n"
    << "    _describe -t options option _o && ret=0\n"
    << "  fi\n"
    << "  return ret\n"
    << "}\n\n";
  s << "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
    << "  " << f << " \"$@\"\n"
    << "else\n"
    << "  compdef " << f << " " << sh_quote(program) << "\n"
    << "fi\n";
  return s.str();
}

bool same_option(const Arg& a, const Arg& b) {
  return a.long_names == b.long_names && a.short_names == b.short_names && a.description == b.description &&
         a.value == b.value && a.choices == b.choices;
}

// "-s h -l help -d 'Print this help message and exit'" and what the value takes.
std::string fish_option(const Arg& o) {
  std::string line;
  for (const std::string& n : o.short_names) line += (n.size() == 2 ? " -s " : " -o ") + fish_quote(n.substr(1));
  for (const std::string& n : o.long_names) line += " -l " + fish_quote(n.substr(2));
  return line;
}

std::string fish_value(Value v, const std::vector<std::string>& choices, bool option) {
  switch (v) {
    case Value::None:
      return "";
    case Value::Any:
      return option ? " -x" : "";
    case Value::File:
      return option ? " -r -F" : " -F";
    case Value::Dir:
      return std::string(option ? " -x" : "") + " -a '(__fish_complete_directories)'";
    case Value::Choice: {
      std::string all;
      for (const std::string& c : choices) all += (all.empty() ? "" : " ") + c;
      return std::string(option ? " -x" : "") + " -a " + fish_quote(all);
    }
  }
  return "";
}

std::string fish_script(const std::vector<Command>& commands, const std::string& program) {
  const std::string id = identifier(program);
  const std::string at = "__fish_" + id + "_at";
  const std::string prog = fish_quote(program);
  std::ostringstream s;
  s << "# fish completion for " << program << ", generated from its command tree by `" << program
    << " completions fish`.\n"
    << "# Save it as ~/.config/fish/completions/" << program << ".fish, or load it with:\n"
    << "#   " << program << " completions fish | source\n\n";

  s << "# " << at << " PATH [N [+]]: whether the command line is at the subcommand PATH (\"\" for " << program
    << " itself),\n# and, given N, whether the word being completed is its positional N "
    << "(counted from 0), or N or later with +.\n";
  s << "function " << at << "\n"
    << "    set -l words (commandline -opc)\n"
    << "    set -e words[1]\n"
    << "    set -l p ''\n"
    << "    set -l n 0\n"
    << "    set -l pend 0\n"
    << "    for w in $words\n"
    << "        if test $pend = 1\n"
    << "            set pend 0\n"
    << "            continue\n"
    << "        end\n"
    << "        switch $w\n"
    << "            case -- '--' '-*=*'\n"
    << "            case -- '-*'\n"
    << "                switch \"$p|$w\"\n";
  {
    std::vector<std::string> takes;
    for (const Command& c : commands)
      for (const Arg& o : c.options) {
        if (o.value == Value::None) continue;
        for (const auto* names : {&o.long_names, &o.short_names})
          for (const std::string& n : *names) takes.push_back(fish_quote(c.path + "|" + n));
      }
    if (!takes.empty()) {
      s << "                    case --";
      for (const std::string& t : takes) s << " " << t;
      s << "\n                        set pend 1\n";
    }
  }
  s << "                end\n"
    << "            case '*'\n"
    << "                switch \"$p|$w\"\n";
  for (const Command& c : commands)
    for (const Subcommand& sub : c.subcommands)
      s << "                    case -- " << fish_quote(c.path + "|" + sub.name) << "\n"
        << "                        set p " << fish_quote(sub.path) << "\n"
        << "                        set n 0\n";
  s << "                    case '*'\n"
    << "                        set n (math $n + 1)\n"
    << "                end\n"
    << "        end\n"
    << "    end\n"
    << "    test \"$p\" = \"$argv[1]\"; or return 1\n"
    << "    set -q argv[2]; or return 0\n"
    << "    if set -q argv[3]\n"
    << "        test $n -ge $argv[2]\n"
    << "    else\n"
    << "        test $n -eq $argv[2]\n"
    << "    end\n"
    << "end\n\n";

  s << "# No file names unless an option or a positional below asks for them.\n"
    << "complete -c " << prog << " -f\n\n";

  // Options every command has alike (--help) are declared once, for the whole command line.
  std::vector<Arg> everywhere;
  for (const Arg& o : commands.front().options) {
    bool all = true;
    for (const Command& c : commands) {
      bool found = false;
      for (const Arg& other : c.options) found = found || same_option(o, other);
      all = all && found;
    }
    if (all) everywhere.push_back(o);
  }
  auto is_everywhere = [&](const Arg& o) {
    for (const Arg& e : everywhere)
      if (same_option(o, e)) return true;
    return false;
  };
  for (const Arg& o : everywhere)
    s << "complete -c " << prog << fish_option(o) << fish_value(o.value, o.choices, true) << " -d "
      << fish_quote(o.description) << "\n";
  s << "\n";

  for (const Command& c : commands) {
    s << "# " << (c.path.empty() ? program : program + " " + c.path) << "\n";
    const std::string when = " -n " + fish_quote(at + " " + fish_quote(c.path));
    for (const Subcommand& sub : c.subcommands)
      s << "complete -c " << prog << when << " -a " << fish_quote(sub.name) << " -d " << fish_quote(sub.description)
        << "\n";
    for (const Arg& o : c.options) {
      if (is_everywhere(o)) continue;
      s << "complete -c " << prog << when << fish_option(o) << fish_value(o.value, o.choices, true) << " -d "
        << fish_quote(o.description) << "\n";
    }
    for (size_t i = 0; i < c.positionals.size(); ++i) {
      const Arg& p = c.positionals[i];
      const std::string value = fish_value(p.value, p.choices, false);
      if (value.empty()) continue;
      const std::string cond = at + " " + fish_quote(c.path) + " " + std::to_string(i) + (p.many ? " +" : "");
      s << "complete -c " << prog << " -n " << fish_quote(cond) << value << " -d " << fish_quote(p.description) << "\n";
    }
    s << "\n";
  }
  return s.str();
}

}  // namespace

std::string completion_script(const CLI::App& app, const std::string& shell, const std::string& program) {
  if (shell != "bash" && shell != "zsh" && shell != "fish")
    throw std::invalid_argument("completion scripts are for bash, zsh or fish, not '" + shell + "'");
  std::vector<Command> commands;
  walk(app, "", commands);
  if (shell == "bash") return bash_script(commands, program);
  if (shell == "zsh") return zsh_script(commands, program);
  return fish_script(commands, program);
}

}  // namespace vlae::cli
