# Fails the build when the layering is broken: a file under core/ that includes a GUI header
# (Dear ImGui, GLFW, OpenGL), or a header under ui/ that includes a torch header (torch headers
# cost ~20 s per translation unit and would reach every panel).
# Run as: cmake -DROOT=<source dir> -P check_layering.cmake
file(GLOB_RECURSE core_files "${ROOT}/core/*.h" "${ROOT}/core/*.cpp")
file(GLOB_RECURSE ui_headers "${ROOT}/ui/*.h")
set(problems "")
foreach(f IN LISTS core_files)
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](imgui|GLFW/|GL/|glad/|ui/)")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel "${ROOT}" "${f}")
    string(APPEND problems "\n  ${rel}: ${line} (core/ must not include GUI headers)")
  endforeach()
endforeach()
foreach(f IN LISTS ui_headers)
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](torch/|ATen/|c10/)")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel "${ROOT}" "${f}")
    string(APPEND problems "\n  ${rel}: ${line} (ui/ headers must stay torch-free)")
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "layering broken:${problems}")
endif()
