# The command's man page and shell completions, made at build time from the
# built command's own --help (dist/options.awk says how), and installed where
# man, bash, zsh and fish look for them. Included by CMakeLists.txt when the
# command is built.
include(GNUInstallDirs)

set(shoal_dist ${CMAKE_CURRENT_SOURCE_DIR}/dist)
set(shoal_generated ${CMAKE_CURRENT_BINARY_DIR}/dist)
file(MAKE_DIRECTORY ${shoal_generated})
# output file, template, emitter
set(shoal_dist_outputs
  "shoal.1|shoal.1.in|man.awk"
  "shoal.bash|completions/shoal.bash.in|bash.awk"
  "_shoal|completions/_shoal.in|zsh.awk"
  "shoal.fish|completions/shoal.fish.in|fish.awk")
set(shoal_dist_files)
foreach(entry ${shoal_dist_outputs})
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 output)
  list(GET parts 1 template)
  list(GET parts 2 emitter)
  add_custom_command(OUTPUT ${shoal_generated}/${output}
    COMMAND sh ${shoal_dist}/generate $<TARGET_FILE:shoal_bin> ${shoal_dist}/${template}
            ${shoal_dist}/${emitter} ${shoal_generated}/${output}
    DEPENDS shoal_bin ${shoal_dist}/generate ${shoal_dist}/options.awk ${shoal_dist}/${template}
            ${shoal_dist}/${emitter}
    COMMENT "Generating ${output} from shoal --help" VERBATIM)
  list(APPEND shoal_dist_files ${shoal_generated}/${output})
endforeach()
add_custom_target(shoal_dist ALL DEPENDS ${shoal_dist_files})

install(FILES ${shoal_generated}/shoal.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT shoal)
# bash-completion loads completions/NAME when NAME is first completed.
install(FILES ${shoal_generated}/shoal.bash RENAME shoal
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT shoal)
# zsh: Debian's fpath has /usr/share/zsh/vendor-completions for packages and
# /usr/local/share/zsh/site-functions (zsh's own default) for the rest. Chosen
# when installing, not configuring: cpack installs this build under /usr
# (dist/package.cmake), as <staging dir>/usr.
install(CODE "
  if(CMAKE_INSTALL_PREFIX MATCHES \"/usr$\")
    set(shoal_zsh_dir vendor-completions)
  else()
    set(shoal_zsh_dir site-functions)
  endif()
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/\${shoal_zsh_dir}\"
       TYPE FILE FILES \"${shoal_generated}/_shoal\")" COMPONENT shoal)
install(FILES ${shoal_generated}/shoal.fish
  DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d COMPONENT shoal)

# What a user of the command reads beside the man page.
install(FILES README.md docs/compatibility.md docs/remote.md
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/shoal COMPONENT shoal)
