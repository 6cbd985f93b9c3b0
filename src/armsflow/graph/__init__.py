"""Link analysis: the graph of people, addresses, phones, licensees, firearms, recoveries and
traces (issue 6, item 3). docs/graph.md is the user and operator guide.

Node ids are stable strings ``<kind>:<key>`` (``armsflow.graph.ids``); other features link to
the network view with ``/graph?focus=<node id>`` (URL-encode the id), for example
``/graph?focus=person:42``:

===========  ==========================================  ========================================
kind         id                                          key
===========  ==========================================  ========================================
person       ``person:<purchaser id>``                   ``purchasers.id``; when entity resolution
                                                         merges several records, the node is the
                                                         smallest member id and any member id is
                                                         accepted as focus
person       ``person:t<trace id>``                      a possessor known only from a trace
address      ``address:<12 hex digits>``                 hash of the normalised address
phone        ``phone:<digits>``                          a licensee's business phone
licensee     ``licensee:<RDS key>``                      ``licensees.license_key`` (``R-DD-SSSSS``);
                                                         focus also accepts a full FFL number or
                                                         ``licensees.id``
firearm      ``firearm:<id>``                            ``firearms.id``
recovery     ``recovery:<trace id>``                     the first trace of one recovery
trace        ``trace:<id>``                              ``traces.id``
===========  ==========================================  ========================================

The graph never shows a node, an edge, a label or a count the caller may not see
(``armsflow.graph.visibility``, decided by ``armsflow.auth.policy``).
"""
