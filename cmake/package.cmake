# `cpack -G DEB` (run in the build folder): two Debian packages, `vlae` (the command-line tool, its
# presets, man page and completions) and `vlae-explorer` (the GUI, which depends on the first). Their
# library dependencies are read off the binaries by dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME vlae-explorer)
set(CPACK_PACKAGE_VENDOR "vlae-explorer developers")
set(CPACK_PACKAGE_CONTACT "vlae-explorer developers <vlae-explorer@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Variational Ladder Autoencoders, trained and explored")
set(CPACK_COMPONENTS_ALL cli gui)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
# Installed files owned by root, whoever builds the package.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_CLI_PACKAGE_NAME vlae)
set(CPACK_COMPONENT_CLI_DESCRIPTION
    "command-line tool for Variational Ladder Autoencoders\n"
    "Trains a Variational Ladder Autoencoder (Zhao, Song and Ermon, 2017) or a\n"
    "hierarchical VAE baseline on MNIST, SVHN, CelebA, dSprites or a folder of\n"
    "images, and writes what each latent layer learned: samples, traversal grids\n"
    "and animations, Gibbs chains and hierarchy reports.")
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION science)

set(CPACK_DEBIAN_GUI_PACKAGE_NAME vlae-explorer)
set(CPACK_COMPONENT_GUI_DESCRIPTION
    "explore the layers of a Variational Ladder Autoencoder\n"
    "A desktop program that trains a Variational Ladder Autoencoder in the\n"
    "background and shows, live, the loss curves and one set of sliders per latent\n"
    "layer: dragging them decodes a new image at once, so stroke width, tilt and\n"
    "digit identity can be watched layer by layer.")
# The explorer lists and trains the presets the CLI package installs.
set(CPACK_COMPONENT_GUI_DEPENDS cli)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_GUI_PACKAGE_SECTION science)
set(CPACK_DEBIAN_GUI_PACKAGE_DEPENDS "fonts-dejavu-core")

include(CPack)
