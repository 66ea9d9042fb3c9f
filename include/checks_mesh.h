/*
 * checks_mesh.h: the built-in checks of the mesh rules, as a list
 * (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_mesh.c.
 */
#ifndef CTRIAGE_CHECKS_MESH_H
#define CTRIAGE_CHECKS_MESH_H

#define EVAL_CHECKS_MESH(X)			\
	X(cluster_entity_mesh)				\
	X(mesh_local_default_119)

#endif
