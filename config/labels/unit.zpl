^XA
^FX linegate unit label: 4 x 2 in at 203 dpi (812 x 406 dots). Placeholders: config/labels/README.md.
^PW812
^LL406
^LH0,0
^FX Part number, human readable.
^FO40,30^A0N,36,36^FDPart {{partNumber}}^FS
^FX Serial, human readable.
^FO40,80^A0N,48,48^FD{{serial}}^FS
^FX Serial as Code 128, mode N: values are escaped with invocation codes (see README).
^FO40,150^BY2,3,120^BCN,120,N,N,N,N^FD{{serial}}^FS
^FX Station and date, small print.
^FO40,300^A0N,26,26^FD{{station}}  {{date}}^FS
^XZ
