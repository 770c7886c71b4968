# Which sources need LibTorch's headers. A file needs them when it, or a project header it includes
# (followed to the end), includes <torch/...>, <ATen/...> or <c10/...>. Only those files get the
# torch precompiled header: loading it costs seconds per translation unit, parsing <torch/torch.h>
# without it ~13 s, and the other files compile in about one second with neither.

# _vlae_reach(KIND FILE OUT): for KIND "headers", whether FILE reaches a torch header; for KIND
# "code", whether it also reaches a header whose own .cpp does (it then calls code that needs
# LibTorch, and belongs with that code). Answers are kept in global properties, so each file is
# read once per configure however many files include it.
function(_vlae_reach kind file out)
  set(key "VLAE_REACH_${kind}:${file}")
  get_property(known GLOBAL PROPERTY "${key}" SET)
  if(known)
    get_property(answer GLOBAL PROPERTY "${key}")
    set(${out} ${answer} PARENT_SCOPE)
    return()
  endif()
  # Provisional "no" while the file's own includes are followed: an include cycle ends here.
  set_property(GLOBAL PROPERTY "${key}" FALSE)
  set(answer FALSE)
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS lines)
    if(line MATCHES "#[ \t]*include[ \t]*<(torch|ATen|c10)/")
      set(answer TRUE)
      break()
    endif()
    if(NOT line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
      continue()
    endif()
    set(name "${CMAKE_MATCH_1}")
    get_filename_component(dir "${file}" DIRECTORY)
    # Project headers are named from the source root ("core/model/vlae.h") or beside the includer.
    foreach(candidate "${PROJECT_SOURCE_DIR}/${name}" "${dir}/${name}")
      if(EXISTS "${candidate}")
        get_filename_component(candidate "${candidate}" REALPATH)
        _vlae_reach(${kind} "${candidate}" answer)
        string(REGEX REPLACE "\\.h$" ".cpp" implementation "${candidate}")
        if(NOT answer AND kind STREQUAL "code" AND NOT implementation STREQUAL candidate
           AND NOT implementation STREQUAL file AND EXISTS "${implementation}")
          _vlae_reach(${kind} "${implementation}" answer)
        endif()
        break()
      endif()
    endforeach()
    if(answer)
      break()
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY "${key}" ${answer})
  set(${out} ${answer} PARENT_SCOPE)
endfunction()

# vlae_split_torch_sources(KIND TORCH_VAR FREE_VAR SOURCES...): the sources that need LibTorch (with
# KIND "headers": its headers; with "code": its headers or code that does), and the rest.
function(vlae_split_torch_sources kind torch_var free_var)
  set(torch_files "")
  set(free_files "")
  foreach(source IN LISTS ARGN)
    get_filename_component(path "${source}" REALPATH BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    _vlae_reach(${kind} "${path}" reaches)
    if(reaches)
      list(APPEND torch_files "${source}")
    else()
      list(APPEND free_files "${source}")
    endif()
  endforeach()
  set(${torch_var} ${torch_files} PARENT_SCOPE)
  set(${free_var} ${free_files} PARENT_SCOPE)
endfunction()

# vlae_torch_pch(TARGET): the torch precompiled header for those of TARGET's sources whose includes
# reach torch, none for the rest. vlae_core makes it; every other target reuses that one.
function(vlae_torch_pch target)
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(cpp_files "")
  foreach(source IN LISTS sources)
    if(source MATCHES "^\\$<" OR NOT source MATCHES "\\.cpp$")
      continue()  # object libraries' objects, headers
    endif()
    get_filename_component(path "${source}" ABSOLUTE BASE_DIR "${source_dir}")
    list(APPEND cpp_files "${path}")
  endforeach()
  vlae_split_torch_sources(headers torch_files free_files ${cpp_files})
  if(NOT torch_files)
    return()  # a torch-free target does not wait for the header to be made
  endif()
  if(target STREQUAL "vlae_core")
    target_precompile_headers(${target} PRIVATE <torch/torch.h>)
  else()
    target_precompile_headers(${target} REUSE_FROM vlae_core)
  endif()
  if(free_files)
    set_source_files_properties(${free_files} TARGET_DIRECTORY ${target}
                                PROPERTIES SKIP_PRECOMPILE_HEADERS ON SKIP_UNITY_BUILD_INCLUSION ON)
  endif()
endfunction()
