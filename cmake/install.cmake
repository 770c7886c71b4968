# `cmake --install`: the programs in bin/, their data in share/vlae-explorer (found from bin/ by the
# programs themselves), the desktop integration, man pages and shell completions. Two components:
# cli (vlae, presets, its man page and completions) and gui (vlae-explorer, shaders, the desktop
# entry, icons, AppStream metainfo, its man page), one Debian package each (cmake/package.cmake).
set(VLAE_APP_ID io.github.vlae_explorer.VlaeExplorer)
set(VLAE_SHARE_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/vlae-explorer")

install(TARGETS vlae RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/presets/ DESTINATION ${VLAE_SHARE_INSTALL_DIR}/presets COMPONENT cli
        FILES_MATCHING PATTERN "*.json")

# Man pages and completions are made by running the built programs, which a sanitized build would
# only slow down (nothing is installed from those trees).
if(VLAE_SANITIZE STREQUAL "")
  find_program(HELP2MAN help2man)
  set(generated "${CMAKE_BINARY_DIR}/generated")
  # vlae(1) is written by vlae itself from its command tree (`vlae man`), every subcommand included.
  add_custom_command(OUTPUT ${generated}/man/vlae.1.gz
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/man
                     COMMAND $<TARGET_FILE:vlae> man > ${generated}/man/vlae.1
                     COMMAND gzip -9nf ${generated}/man/vlae.1
                     DEPENDS vlae COMMENT "Writing the vlae man page")
  set(generated_files ${generated}/man/vlae.1.gz)
  install(FILES ${generated}/man/vlae.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT cli)
  # Completions from the command tree itself (vlae completions SHELL), so they never go stale.
  foreach(shell bash zsh fish)
    add_custom_command(OUTPUT ${generated}/completions/vlae.${shell}
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/completions
                       COMMAND $<TARGET_FILE:vlae> completions ${shell} > ${generated}/completions/vlae.${shell}
                       DEPENDS vlae COMMENT "Writing the ${shell} completion of vlae")
    list(APPEND generated_files ${generated}/completions/vlae.${shell})
  endforeach()
  install(FILES ${generated}/completions/vlae.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME vlae COMPONENT cli)
  install(FILES ${generated}/completions/vlae.zsh DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
          RENAME _vlae COMPONENT cli)
  install(FILES ${generated}/completions/vlae.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d
          RENAME vlae.fish COMPONENT cli)

  if(TARGET vlae-explorer AND NOT HELP2MAN)
    message(STATUS "vlae-explorer(1) skipped: no help2man (scripts/install-deps installs it)")
  elseif(TARGET vlae-explorer)
    # help2man reads --help and --version, which need no display: the explorer parses its options
    # before it opens a window.
    add_custom_command(OUTPUT ${generated}/man/vlae-explorer.1.gz
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/man
                       COMMAND ${HELP2MAN} --no-info --section=1
                               "--name=train a Variational Ladder Autoencoder and explore its layers"
                               --output=${generated}/man/vlae-explorer.1 $<TARGET_FILE:vlae-explorer>
                       COMMAND gzip -9nf ${generated}/man/vlae-explorer.1
                       DEPENDS vlae-explorer COMMENT "Writing the vlae-explorer man page" VERBATIM)
    list(APPEND generated_files ${generated}/man/vlae-explorer.1.gz)
    install(FILES ${generated}/man/vlae-explorer.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT gui)
  endif()
  add_custom_target(vlae_docs ALL DEPENDS ${generated_files})
endif()

# Each package's copyright and changelog, where Debian looks for them (share/doc/PACKAGE).
set(changelog "${CMAKE_BINARY_DIR}/generated/changelog.Debian.gz")
add_custom_command(OUTPUT ${changelog}
                   COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
                   COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/packaging/changelog > ${changelog}
                   DEPENDS ${PROJECT_SOURCE_DIR}/packaging/changelog)
add_custom_target(vlae_changelog ALL DEPENDS ${changelog})
foreach(component cli gui)
  set(package vlae)
  if(component STREQUAL "gui")
    set(package vlae-explorer)
    if(NOT TARGET vlae-explorer)
      continue()
    endif()
  endif()
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright ${changelog}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endforeach()

if(TARGET vlae-explorer)
  install(TARGETS vlae-explorer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT gui)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/shaders/ DESTINATION ${VLAE_SHARE_INSTALL_DIR}/shaders COMPONENT gui)
  # The UI font is Debian's DejaVu Sans (fonts-dejavu-core), linked rather than copied: relatively
  # in a /usr install (Debian's packages), absolutely elsewhere.
  install(CODE "
    set(fonts \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${VLAE_SHARE_INSTALL_DIR}/fonts\")
    set(dejavu /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)
    if(\"\${CMAKE_INSTALL_PREFIX}\" STREQUAL \"/usr\")
      file(RELATIVE_PATH dejavu \"/usr/${VLAE_SHARE_INSTALL_DIR}/fonts\" \"\${dejavu}\")
    endif()
    file(MAKE_DIRECTORY \"\${fonts}\")
    file(CREATE_LINK \"\${dejavu}\" \"\${fonts}/DejaVuSans.ttf\" SYMBOLIC)"
          COMPONENT gui)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/${VLAE_APP_ID}.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT gui)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/${VLAE_APP_ID}.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo COMPONENT gui)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/icons/48x48/${VLAE_APP_ID}.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/48x48/apps COMPONENT gui)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/icons/scalable/${VLAE_APP_ID}.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT gui)
endif()
