^XA
^FX linegate GS1 label: GS1 Data Matrix with (01) GTIN, (21) serial, (10) lot, and its HRI text.
^FX 4 x 2 in at 203 dpi. {{gs1}} is the element string, e.g. (01)09506000134352(21)SERIAL(10)LOT
^PW812
^LL406
^LH0,0
^FX GS1 Data Matrix: quality 200, escape character _ (FNC1), so the hex indicator is a backslash.
^FO40,40^BXN,8,200,,,,_^FD{{gs1}}^FS
^FX The same element string as human-readable text.
^FO300,60^A0N,28,28^FB480,4,4^FD{{gs1}}^FS
^FO300,220^A0N,36,36^FD{{serial}}^FS
^XZ
